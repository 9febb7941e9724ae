/**
 * The business calendar: working time, holidays and make-up days in the company's time zone.
 */
export * from './business-calendar.js';
export * from './zoned-time.js';
