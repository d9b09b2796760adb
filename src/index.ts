// Entry point of the bundle: runs the action; exit code 1 on failure is set by run() itself.
import { run } from './main.js';

void run();
