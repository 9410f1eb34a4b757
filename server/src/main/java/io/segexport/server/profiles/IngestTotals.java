package io.segexport.server.profiles;

import io.segexport.v1.IngestResponse;
import io.segexport.v1.RejectedRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of an ingest call, added up over its chunks: how many records were kept, and which
 * were not and why. Only the first rejections are listed, so that a long stream of bad records
 * cannot grow the response past what a client accepts; rejectedTotal counts them all.
 */
final class IngestTotals {
    static final int MAX_LISTED_REJECTIONS = 1000;

    private long accepted;
    private long rejectedTotal;
    private final List<RejectedRecord> rejected = new ArrayList<>();

    void accepted(int count) {
        accepted += count;
    }

    void rejected(long index, String message) {
        rejectedTotal++;
        if (rejected.size() < MAX_LISTED_REJECTIONS) {
            rejected.add(RejectedRecord.newBuilder().setIndex(index).setMessage(message).build());
        }
    }

    IngestResponse toResponse() {
        return IngestResponse.newBuilder()
                .setAccepted(accepted)
                .addAllRejected(rejected)
                .setRejectedTotal(rejectedTotal)
                .build();
    }
}
