import { en } from 'zod/locales';
import { config } from 'zod/mini';

// The schemas use zod's mini build: the same validation with functions instead of methods, so a
// bundle carries only what it uses (~40 KB instead of ~450 KB, ~10 ms of a cold start instead of
// ~40). Its messages ("Invalid input: expected string…") need the English locale set once.
config(en());
