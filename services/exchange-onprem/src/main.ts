import { runMain } from '../../../shared/service/run.ts';
import { exchangeOnpremService } from './app.ts';

await runMain(exchangeOnpremService, process.env);
