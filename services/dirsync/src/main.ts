import { runMain } from '../../../shared/service/run.ts';
import { dirsyncService } from './app.ts';

await runMain(dirsyncService(process.env), process.env);
