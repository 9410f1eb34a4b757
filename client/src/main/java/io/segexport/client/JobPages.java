package io.segexport.client;

import io.segexport.v1.ExportJob;
import io.segexport.v1.ListExportJobsResponse;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Every job from a first page on, newest first: fetches the next page only when the previous one
 * has been read, following the cursor while {@code link.next} says there is more.
 */
final class JobPages implements Iterator<ExportJob> {
    private final Function<JobQuery, ListExportJobsResponse> list;
    private JobQuery nextPage;
    private Iterator<ExportJob> page = Collections.emptyIterator();

    JobPages(Function<JobQuery, ListExportJobsResponse> list, JobQuery firstPage) {
        this.list = list;
        this.nextPage = firstPage;
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && nextPage != null) {
            ListExportJobsResponse response = list.apply(nextPage);
            page = response.getRecordsList().iterator();
            nextPage = response.getLink().getNext().isEmpty()
                    ? null
                    : nextPage.withOffset(response.getPage().getPageOffset());
        }
        return page.hasNext();
    }

    @Override
    public ExportJob next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more export jobs");
        }
        return page.next();
    }
}
