package io.segexport.server.engine;

import io.segexport.server.pql.Evaluator;
import io.segexport.server.segments.SegmentDefinitionService;
import io.segexport.v1.MergePolicy;

/** A segment a job evaluates: its id (namespace "ups"), its compiled expression and the policy that merges the profiles it reads. */
record DefinedSegment(String id, Evaluator evaluator, MergePolicy policy) {
    static final String NAMESPACE = SegmentDefinitionService.PROFILE_INSTANCE;
}
