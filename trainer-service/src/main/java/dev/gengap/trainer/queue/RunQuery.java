package dev.gengap.trainer.queue;

import dev.gengap.store.RunFilter;

/**
 * One page of a run listing.
 *
 * @param pageSize runs per page, 1..1000; 0 = 100
 * @param pageToken the previous page's next-page token; "" = the first page
 */
public record RunQuery(RunFilter filter, int pageSize, String pageToken) {}
