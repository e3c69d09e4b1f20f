// Runs in a panel that could not be restored after a window reload (src/panels/serializers.ts): it shows why.
import { runPanel } from './panel.js';

runPanel('notRestored', () => []);
