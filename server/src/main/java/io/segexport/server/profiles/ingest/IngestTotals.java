package io.segexport.server.profiles.ingest;

import io.segexport.server.limits.Limits;
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
    /** How many rejections are listed: the listed-rejections limit of the call. */
    private final int maxListed = Limits.current().listedRejections();

    private long accepted;
    private long rejectedTotal;
    private final List<RejectedRecord> rejected = new ArrayList<>();

    void accepted(int count) {
        accepted += count;
    }

    void rejected(long index, String message) {
        rejectedTotal++;
        if (rejected.size() < maxListed) {
            rejected.add(RejectedRecord.newBuilder()
                    .setIndex(index)
                    .setMessage(message)
                    .build());
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
