package io.segexport.server;

import static io.segexport.server.DataAccessSeed.BATCH;
import static io.segexport.server.DataAccessSeed.BIG;
import static io.segexport.server.DataAccessSeed.BIG_PART;
import static io.segexport.server.DataAccessSeed.DATA_SET;
import static io.segexport.server.DataAccessSeed.EMPTY;
import static io.segexport.server.DataAccessSeed.OWNER;
import static io.segexport.server.DataAccessSeed.PART0;
import static io.segexport.server.DataAccessSeed.PART2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.linecorp.armeria.server.Server;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.segexport.gateway.Gateway;
import io.segexport.v1.DataAccessServiceGrpc;
import io.segexport.v1.DataAccessServiceGrpc.DataAccessServiceBlockingStub;
import io.segexport.v1.DataSetFile;
import io.segexport.v1.GetFileRequest;
import io.segexport.v1.GetFileResponse;
import io.segexport.v1.ListBatchFilesRequest;
import io.segexport.v1.ListBatchFilesResponse;
import io.segexport.v1.ReadFileRequest;
import io.segexport.v1.ReadFileResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Data Access API over gRPC with the generated stubs: listings, and ReadFile's streamed ranges. */
class DataAccessGrpcTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer(DataAccessSeed::into);

    private final DataAccessServiceBlockingStub dataAccess = server.grpc().dataAccess(OWNER);

    private static ReadFileRequest.Builder read(String batch, String path) {
        return ReadFileRequest.newBuilder().setDataSetFileId(batch).setPath(path);
    }

    private static List<ReadFileResponse> chunks(Iterator<ReadFileResponse> stream) {
        List<ReadFileResponse> chunks = new ArrayList<>();
        stream.forEachRemaining(chunks::add);
        return chunks;
    }

    private static byte[] bytes(List<ReadFileResponse> chunks) {
        ByteString all = ByteString.EMPTY;
        for (ReadFileResponse chunk : chunks) {
            all = all.concat(chunk.getData());
        }
        return all.toByteArray();
    }

    @Test
    void listBatchFilesAnswersTheDataSetFileOfTheBatch() {
        ListBatchFilesResponse response = dataAccess.listBatchFiles(
                ListBatchFilesRequest.newBuilder().setBatchId(BATCH).build());

        assertThat(response.getDataList()).hasSize(1);
        DataSetFile file = response.getData(0);
        assertThat(file.getDataSetFileId()).isEqualTo(BATCH);
        assertThat(file.getDataSetViewId()).isEqualTo(DATA_SET);
        assertThat(file.getIsValid()).isTrue();
        assertThat(file.getLinks().getSelf().getHref()).isEqualTo("/data/foundation/export/files/" + BATCH);
        assertThat(response.getPage().getCount()).isEqualTo(1);
    }

    @Test
    void getFileAnswersTheFilesInNameOrder() {
        GetFileResponse response = dataAccess.getFile(
                GetFileRequest.newBuilder().setDataSetFileId(BATCH).build());

        assertThat(response.getDataList())
                .extracting(f -> f.getName())
                .containsExactly("part-00000.json", "part-00001.json", "part-00002.json");
        assertThat(response.getData(0).getLength()).isEqualTo(Integer.toString(PART0.length));
    }

    @Test
    void getFileWithAStartThatIsNotAFileNameIsRefused() {
        assertThatThrownBy(() -> dataAccess.getFile(GetFileRequest.newBuilder()
                        .setDataSetFileId(BATCH)
                        .setStart("../x")
                        .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("start must be");
                });
    }

    @Test
    void readFileStreamsTheWholeFileInChunksOfAtMost64KiB() {
        List<ReadFileResponse> chunks =
                chunks(dataAccess.readFile(read(BIG, "part-00000.json").build()));

        assertThat(chunks).hasSize((BIG_PART.length + 65535) / 65536);
        assertThat(chunks)
                .allSatisfy(chunk -> assertThat(chunk.getData().size()).isLessThanOrEqualTo(64 * 1024));
        assertThat(bytes(chunks)).isEqualTo(BIG_PART);
        ReadFileResponse first = chunks.get(0);
        assertThat(first.getFileLength()).isEqualTo(BIG_PART.length);
        assertThat(first.getReadOffset()).isZero();
        assertThat(first.getReadLength()).isEqualTo(BIG_PART.length);
        assertThat(chunks.get(1).hasFileLength()).isFalse();
        assertThat(chunks.get(1).hasReadOffset()).isFalse();
    }

    @Test
    void readFileWithOffsetAndLengthAnswersThoseBytes() {
        List<ReadFileResponse> chunks = chunks(dataAccess.readFile(read(BIG, "part-00000.json")
                .setOffset(1_000_000)
                .setLength(200_000)
                .build()));

        assertThat(bytes(chunks)).isEqualTo(Arrays.copyOfRange(BIG_PART, 1_000_000, 1_200_000));
        assertThat(chunks.get(0).getReadOffset()).isEqualTo(1_000_000);
        assertThat(chunks.get(0).getReadLength()).isEqualTo(200_000);
        assertThat(chunks.get(0).getFileLength()).isEqualTo(BIG_PART.length);
    }

    @Test
    void readFileWithALengthBeyondTheEndStopsAtTheEnd() {
        List<ReadFileResponse> chunks = chunks(dataAccess.readFile(
                read(BATCH, "part-00002.json").setOffset(150).setLength(1_000).build()));

        assertThat(bytes(chunks)).isEqualTo(Arrays.copyOfRange(PART2, 150, 200));
        assertThat(chunks.get(0).getReadLength()).isEqualTo(50);
    }

    @Test
    void readFileWithANegativeOffsetReadsFromTheEnd() {
        List<ReadFileResponse> chunks = chunks(dataAccess.readFile(
                read(BATCH, "part-00002.json").setOffset(-20).build()));

        assertThat(bytes(chunks)).isEqualTo(Arrays.copyOfRange(PART2, 180, 200));
        assertThat(chunks.get(0).getReadOffset()).isEqualTo(180);
    }

    @Test
    void readFileWithALengthOfZeroAnswersOneEmptyChunkThatSaysTheLength() {
        List<ReadFileResponse> chunks = chunks(
                dataAccess.readFile(read(BATCH, "part-00002.json").setLength(0).build()));

        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).getData().isEmpty()).isTrue();
        assertThat(chunks.get(0).getFileLength()).isEqualTo(200);
        assertThat(chunks.get(0).getReadLength()).isZero();
    }

    @Test
    void readFileOfAnEmptyFileAnswersOneEmptyChunk() {
        List<ReadFileResponse> chunks =
                chunks(dataAccess.readFile(read(EMPTY, "part-00000.json").build()));

        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).getFileLength()).isZero();
    }

    @Test
    void readFileWithAnOffsetBeyondTheEndIsOutOfRangeAndSaysTheLength() {
        assertThatThrownBy(() -> chunks(dataAccess.readFile(
                        read(BATCH, "part-00002.json").setOffset(201).build())))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("offset 201 is beyond the end of part-00002.json (200 bytes)");
                    ErrorInfo info = detail(e, ErrorInfo.class);
                    assertThat(info.getReason()).isEqualTo("OUT_OF_RANGE");
                    assertThat(info.getMetadataMap()).containsEntry("fileLength", "200");
                    assertThat(detail(e, BadRequest.class).getFieldViolations(0).getField())
                            .isEqualTo("offset");
                });
    }

    @Test
    void readFileAtTheEndAnswersNothing() {
        List<ReadFileResponse> chunks = chunks(dataAccess.readFile(
                read(BATCH, "part-00002.json").setOffset(200).build()));

        assertThat(bytes(chunks)).isEmpty();
        assertThat(chunks.get(0).getReadOffset()).isEqualTo(200);
    }

    @Test
    void readFileWithANegativeLengthIsRefusedNamingIt() {
        assertThatThrownBy(() -> chunks(dataAccess.readFile(
                        read(BATCH, "part-00002.json").setLength(-1).build())))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("length must not be negative, not -1");
                });
    }

    @Test
    void readFileWithoutAPathIsRefusedNamingIt() {
        assertThatThrownBy(() -> chunks(dataAccess.readFile(
                        ReadFileRequest.newBuilder().setDataSetFileId(BATCH).build())))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("path is required");
                });
    }

    @Test
    void framedGrpcThroughTheHttpPortStreamsTheFileToo() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.httpPort())
                .usePlaintext()
                .build();
        try {
            DataAccessServiceBlockingStub viaHttpPort = DataAccessServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(GrpcClient.headers(OWNER))
                    .withDeadlineAfter(30, TimeUnit.SECONDS);

            List<ReadFileResponse> chunks =
                    chunks(viaHttpPort.readFile(read(BIG, "part-00000.json").build()));

            assertThat(bytes(chunks)).isEqualTo(BIG_PART);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStandaloneGatewayDownloadsFromARemoteServer() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort())
                .usePlaintext()
                .build();
        var sb = Server.builder().http(0);
        Gateway.configureServices(sb, channel);
        Server gateway = sb.build();
        gateway.start().join();
        try {
            RestClient rest = new RestClient(gateway.activeLocalPort(), OWNER);

            RestClient.BinaryResponse whole =
                    rest.getBytes("/data/foundation/export/files/" + BIG + "?path=part-00000.json");
            RestClient.BinaryResponse range = rest.withHeader("Range", "bytes=10-19")
                    .getBytes("/data/foundation/export/files/" + BIG + "?path=part-00000.json");
            RestClient.BinaryResponse beyond = rest.withHeader("Range", "bytes=99999999-")
                    .getBytes("/data/foundation/export/files/" + BIG + "?path=part-00000.json");

            assertThat(whole.status()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(BIG_PART);
            assertThat(range.status()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(BIG_PART, 10, 20));
            assertThat(beyond.status()).isEqualTo(416);
            assertThat(beyond.header("content-range")).isEqualTo("bytes */" + BIG_PART.length);
            assertThat(rest.get("/data/foundation/export/files/" + BIG)
                            .json()
                            .at("/data/0/length")
                            .asText())
                    .isEqualTo(Integer.toString(BIG_PART.length));
        } finally {
            gateway.stop().join();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static <T extends com.google.protobuf.Message> T detail(StatusRuntimeException e, Class<T> type) {
        try {
            for (com.google.protobuf.Any any : StatusProto.fromThrowable(e).getDetailsList()) {
                if (any.is(type)) {
                    return any.unpack(type);
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException x) {
            throw new AssertionError(x);
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + e);
    }
}
