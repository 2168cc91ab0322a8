import { runMain } from '../../../shared/service/run.ts';
import { dcService } from './app.ts';

await runMain(dcService, process.env);
