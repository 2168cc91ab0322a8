import { runMain } from '../../../shared/service/run.ts';
import { exchangeOnlineService } from './app.ts';

await runMain(exchangeOnlineService, process.env);
