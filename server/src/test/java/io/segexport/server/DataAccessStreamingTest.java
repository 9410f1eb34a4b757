package io.segexport.server;

import static io.segexport.server.DataAccessSeed.HUGE;
import static io.segexport.server.DataAccessSeed.HUGE_LENGTH;
import static io.segexport.server.DataAccessSeed.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.segexport.v1.DataAccessServiceGrpc;
import io.segexport.v1.ReadFileRequest;
import io.segexport.v1.ReadFileResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Downloads are streamed with back-pressure: a reader that stops reading stops the server reading the
 * file (it stays open, read only a little way), and a reader that goes away gets its file closed. The
 * server runs in this JVM, so its open files and their positions are visible in /proc/self (Linux only).
 */
class DataAccessStreamingTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(DataAccessSeed::into);

    private Path huge;

    @BeforeEach
    void findTheFile() throws IOException {
        assumeThat(Files.isDirectory(Path.of("/proc/self/fd")))
                .as("needs /proc/self/fd")
                .isTrue();
        huge = server.dataDir()
                .resolve("batches")
                .resolve(HUGE)
                .resolve("part-00000.json")
                .toRealPath();
    }

    @Test
    void aGrpcReaderThatAsksForNoMoreHoldsTheServerBackAndCancellingClosesTheFile() throws Exception {
        readOneChunkThenCancel(server.grpc().channel);
    }

    @Test
    void soDoesAGrpcReaderOnTheHttpPortThroughTheForwarder() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.httpPort())
                .usePlaintext()
                .build();
        try {
            readOneChunkThenCancel(channel);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Asks for one chunk of the huge file, checks the server holds back, then cancels. */
    private void readOneChunkThenCancel(Channel channel) throws Exception {
        CompletableFuture<ReadFileResponse> first = new CompletableFuture<>();
        CompletableFuture<ClientCallStreamObserver<ReadFileRequest>> call = new CompletableFuture<>();
        DataAccessServiceGrpc.newStub(channel)
                .withInterceptors(GrpcClient.headers(OWNER))
                .readFile(
                        ReadFileRequest.newBuilder()
                                .setDataSetFileId(HUGE)
                                .setPath("part-00000.json")
                                .build(),
                        new ClientResponseObserver<ReadFileRequest, ReadFileResponse>() {
                            @Override
                            public void beforeStart(ClientCallStreamObserver<ReadFileRequest> stream) {
                                stream.disableAutoRequestWithInitial(1);
                                call.complete(stream);
                            }

                            @Override
                            public void onNext(ReadFileResponse chunk) {
                                first.complete(chunk);
                            }

                            @Override
                            public void onError(Throwable t) {
                                first.completeExceptionally(t);
                            }

                            @Override
                            public void onCompleted() {}
                        });

        assertThat(first.get(10, TimeUnit.SECONDS).getFileLength()).isEqualTo(HUGE_LENGTH);
        Thread.sleep(1000);
        assertThat(openHandles()).as("the server waits with the file open").isEqualTo(1);
        // What gRPC's flow-control windows and a chunk at each hop allow, not the 256 MiB of the file.
        assertThat(readSoFar()).as("bytes the server has read").isLessThanOrEqualTo(16L << 20);

        call.get().cancel("enough", null);

        awaitNoOpenHandles();
    }

    @Test
    void anHttpReaderThatStopsReadingHoldsTheServerBackAndHangingUpClosesTheFile() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                        + "/data/foundation/export/files/" + HUGE + "?path=part-00000.json"))
                .timeout(Duration.ofSeconds(30));
        headers(request);
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-length")).hasValue(Long.toString(HUGE_LENGTH));
            assertThat(body.readNBytes(1000)).hasSize(1000);
            Thread.sleep(1000);
            assertThat(openHandles()).as("the server waits with the file open").isEqualTo(1);
            // What the socket buffers and a chunk or two at each hop allow, not the 256 MiB of the file.
            assertThat(readSoFar()).as("bytes the server has read").isLessThanOrEqualTo(32L << 20);
        }

        awaitNoOpenHandles();
    }

    private static void headers(HttpRequest.Builder request) {
        request.header("Authorization", "Bearer " + OWNER.token())
                .header("x-api-key", OWNER.apiKey())
                .header("x-gw-ims-org-id", OWNER.orgId())
                .header("x-sandbox-name", OWNER.sandbox());
    }

    private void awaitNoOpenHandles() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (openHandles() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(openHandles()).as("the file is closed").isZero();
    }

    /** How many descriptors of this process have the file open. */
    private long openHandles() throws IOException {
        return descriptors().size();
    }

    /** How far the server has read the file: the position of its one descriptor (it reads in sequence). */
    private long readSoFar() throws IOException {
        List<Path> descriptors = descriptors();
        assertThat(descriptors).hasSize(1);
        String fdinfo = Files.readString(
                Path.of("/proc/self/fdinfo").resolve(descriptors.get(0).getFileName()));
        Matcher pos = Pattern.compile("(?m)^pos:\\s*(\\d+)").matcher(fdinfo);
        assertThat(pos.find()).as(fdinfo).isTrue();
        return Long.parseLong(pos.group(1));
    }

    private List<Path> descriptors() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors
                    .filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(huge);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .toList();
        }
    }
}
