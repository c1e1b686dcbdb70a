/** Vitest setup file of both projects (vite.config.ts): a leak check after every test. */
import { checkEveryTestForLeaks } from './leaks';

checkEveryTestForLeaks();
