package io.segexport.server.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the records topic in this node's global store: a value replaces, a tombstone removes; a job
 * is kept with its index entries ({@link GlobalJobs}); an answer to one of this node's job commands
 * is handed to its sender ({@link CommandReplies}). Kafka Streams also runs it when it restores the
 * store at start, so the position it reports is the store's.
 */
final class GlobalRecordsProcessor implements Processor<Bytes, byte[], Void, Void> {
    static final String STORE = "records";

    private final GlobalPosition position;
    private final GlobalJobs jobs;
    private final CommandReplies replies;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<Bytes, byte[]> store;

    GlobalRecordsProcessor(GlobalPosition position, GlobalJobs jobs, CommandReplies replies) {
        this.position = position;
        this.jobs = jobs;
        this.replies = replies;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<Bytes, byte[]> record) {
        // A sync record is kept nowhere: its offset is all its writer waits for.
        if (!Arrays.equals(record.key().get(), GlobalKeys.SYNC)) {
            keep(record);
        }
        context.recordMetadata().ifPresent(metadata -> position.applied(metadata.offset()));
    }

    private void keep(Record<Bytes, byte[]> record) {
        if (GlobalJobs.isJob(record.key())) {
            jobs.apply(store, record.key(), record.value());
        } else if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
        Header command = record.headers().lastHeader(JobLedger.COMMAND);
        if (command != null) {
            replies.arrived(
                    new String(command.value(), StandardCharsets.UTF_8),
                    new String(record.headers().lastHeader(JobLedger.OUTCOME).value(), StandardCharsets.UTF_8),
                    record.value());
        }
    }
}
