/** The erp-aftersales command line. */
export {};
