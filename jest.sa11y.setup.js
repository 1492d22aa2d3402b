// Registers sa11y's toBeAccessible() matcher, which runs axe-core over a rendered component.
import { setup } from '@sa11y/jest';

setup();
