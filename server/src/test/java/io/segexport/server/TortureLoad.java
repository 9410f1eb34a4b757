package io.segexport.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The load of one torture round: clients that ingest profiles and create export jobs (plain ones and
 * segment evaluations) against a server that is about to be killed. Only what the server answered
 * 200 to is recorded: a request cut off by the kill proves nothing either way.
 */
final class TortureLoad implements AutoCloseable {
    private static final int INGESTERS = 2;
    private static final int RECORDS_PER_REQUEST = 20;

    private final RestClient rest;
    private final String dataSet;
    private final String segment;
    private final Random random;
    private final AtomicInteger nextProfile;
    private final Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
    private final Queue<Long> jobs = new ConcurrentLinkedQueue<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;

    /** Profiles are numbered from {@code nextProfile} on, so that every round's emails are new. */
    TortureLoad(RestClient rest, String dataSet, String segment, long seed, AtomicInteger nextProfile) {
        this.rest = rest;
        this.dataSet = dataSet;
        this.segment = segment;
        this.random = new Random(seed);
        this.nextProfile = nextProfile;
    }

    void start() {
        for (int i = 0; i < INGESTERS; i++) {
            clients.add(new Thread(this::ingest, "torture-ingest-" + i));
        }
        clients.add(new Thread(this::createJobs, "torture-jobs"));
        clients.forEach(Thread::start);
    }

    private void ingest() {
        while (running) {
            List<String> emails = new ArrayList<>();
            StringBuilder records = new StringBuilder();
            for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
                String email = "p" + nextProfile.getAndIncrement() + "@example.com";
                emails.add(email);
                records.append(records.isEmpty() ? "" : ",")
                        .append(Exports.withPoints(email, Math.floorMod(email.hashCode(), 200)));
            }
            if (answered200(() -> rest.post(Ingest.PROFILES, Ingest.jsonBody(dataSet, records.toString())))) {
                acknowledged.addAll(emails);
            }
        }
    }

    private void createJobs() {
        boolean evaluate = false;
        while (running) {
            String body = evaluate
                    ? Requests.segmentsJob(dataSet, true, List.of("realized", "existing"), segment)
                    : Requests.minimalCreate(dataSet);
            try {
                RestClient.Response response = rest.post(Exports.JOBS, body);
                if (response.status() == 200) {
                    jobs.add(response.json().get("id").asLong());
                }
                Thread.sleep(200 + random.nextInt(600));
            } catch (RuntimeException e) {
                pauseAfterRefusal();
            } catch (InterruptedException e) {
                return;
            }
            evaluate = !evaluate;
        }
    }

    private static boolean answered200(Supplier<RestClient.Response> request) {
        try {
            return request.get().status() == 200;
        } catch (RuntimeException e) {
            pauseAfterRefusal();
            return false;
        }
    }

    /** A dead server refuses at once: a short pause keeps the client from spinning until the round ends. */
    private static void pauseAfterRefusal() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The emails of the records the server acknowledged. */
    List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** The ids of the jobs the server acknowledged. */
    List<Long> jobs() {
        return List.copyOf(jobs);
    }

    /** Stops the clients, once the server is dead; what they were sending is not acknowledged. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join();
        }
    }
}
