/** Document numbering: periods in the company's time zone and number patterns. */
export * from './document-number.js';
