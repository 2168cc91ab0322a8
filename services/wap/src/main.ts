import { runMain } from '../../../shared/service/run.ts';
import { wapService } from './app.ts';

await runMain(wapService, process.env);
