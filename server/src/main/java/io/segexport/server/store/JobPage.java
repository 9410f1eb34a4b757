package io.segexport.server.store;

import io.segexport.v1.ExportJob;
import java.util.List;

/** One page of jobs, newest first, and whether older jobs follow it. */
public record JobPage(List<ExportJob> jobs, boolean hasMore) {}
