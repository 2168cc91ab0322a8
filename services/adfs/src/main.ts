import { runMain } from '../../../shared/service/run.ts';
import { adfsService } from './app.ts';

await runMain(adfsService, process.env);
