import { z } from 'zod';

/*
 * zod compiles fast object parsers with `new Function` and, to find out
 * whether it may, tries one. The app's Content-Security-Policy allows no
 * eval, so even that caught probe is reported as a violation. Imported first
 * by main.tsx, before any schema exists.
 */
z.config({ jitless: true });
