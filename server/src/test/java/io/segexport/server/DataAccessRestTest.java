package io.segexport.server;

import static io.segexport.server.DataAccessSeed.BATCH;
import static io.segexport.server.DataAccessSeed.BIG;
import static io.segexport.server.DataAccessSeed.BIG_PART;
import static io.segexport.server.DataAccessSeed.DATA_SET;
import static io.segexport.server.DataAccessSeed.EMPTY;
import static io.segexport.server.DataAccessSeed.OWNER;
import static io.segexport.server.DataAccessSeed.PART0;
import static io.segexport.server.DataAccessSeed.PART1;
import static io.segexport.server.DataAccessSeed.PART2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Data Access API over REST: listing a batch's dataset file and its files, and downloading them. */
class DataAccessRestTest {
    private static final String FILES = "/data/foundation/export/files/";

    @RegisterExtension
    static final SharedServer server = new SharedServer(DataAccessSeed::into);

    private final RestClient rest = server.rest(OWNER);

    private RestClient.BinaryResponse download(String batch, String part, String range) {
        RestClient client = range == null ? rest : rest.withHeader("Range", range);
        return client.getBytes(FILES + batch + "?path=" + part);
    }

    @Test
    void listBatchFilesAnswersTheBatchsOneDataSetFile() {
        RestClient.Response response = rest.get("/data/foundation/export/batches/" + BATCH + "/files");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode data = response.json().get("data");
        assertThat(data).hasSize(1);
        JsonNode file = data.get(0);
        assertThat(file.get("dataSetFileId").asText()).isEqualTo(BATCH);
        assertThat(file.get("dataSetViewId").asText()).isEqualTo(DATA_SET);
        assertThat(file.get("version").asText()).isEqualTo("1.0.0");
        assertThat(file.get("created").isIntegralNumber()).isTrue();
        assertThat(file.get("created").asLong()).isEqualTo(ExportedBatches.CREATED);
        assertThat(file.get("updated").isIntegralNumber()).isTrue();
        assertThat(file.get("updated").asLong()).isEqualTo(ExportedBatches.UPDATED);
        assertThat(file.get("isValid").isBoolean()).isTrue();
        assertThat(file.get("isValid").booleanValue()).isTrue();
        assertThat(file.at("/_links/self/href").asText()).isEqualTo(FILES + BATCH);
        JsonNode page = response.json().get("_page");
        assertThat(page.get("limit").isIntegralNumber()).isTrue();
        assertThat(page.get("limit").asInt()).isEqualTo(100);
        assertThat(page.get("count").isIntegralNumber()).isTrue();
        assertThat(page.get("count").asInt()).isEqualTo(1);
    }

    @Test
    void listBatchFilesWithALimitOutOfRangeIsRefusedNamingIt() {
        RestClient.Response response = rest.get("/data/foundation/export/batches/" + BATCH + "/files?limit=0");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).startsWith("limit must be from 1 to 1000");
        assertThat(rest.get("/data/foundation/export/batches/" + BATCH + "/files?limit=3")
                        .json()
                        .at("/_page/limit")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void theSelfLinkOfADataSetFileListsItsFiles() {
        String self = rest.get("/data/foundation/export/batches/" + BATCH + "/files")
                .json()
                .at("/data/0/_links/self/href")
                .asText();

        RestClient.Response response = rest.get(self);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("data")).hasSize(3);
    }

    @Test
    void getFileListsThePartsInNameOrderWithTheirLengthsAsStrings() {
        RestClient.Response response = rest.get(FILES + BATCH);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode data = response.json().get("data");
        assertThat(data.findValuesAsText("name"))
                .containsExactly("part-00000.json", "part-00001.json", "part-00002.json");
        int[] lengths = {PART0.length, PART1.length, PART2.length};
        for (int i = 0; i < 3; i++) {
            JsonNode file = data.get(i);
            assertThat(file.get("length").isTextual()).as("length is a string").isTrue();
            assertThat(file.get("length").asText()).isEqualTo(Integer.toString(lengths[i]));
            assertThat(file.at("/_links/self/href").asText())
                    .isEqualTo(FILES + BATCH + "?path=part-0000" + i + ".json");
        }
        assertThat(response.json().at("/_page/limit").asInt()).isEqualTo(100);
        assertThat(response.json().at("/_page/count").isIntegralNumber()).isTrue();
        assertThat(response.json().at("/_page/count").asInt()).isEqualTo(3);
    }

    @Test
    void getFilePagesWithLimitAndStart() {
        JsonNode first = rest.get(FILES + BATCH + "?limit=2").json();
        JsonNode second =
                rest.get(FILES + BATCH + "?limit=2&start=part-00001.json").json();

        assertThat(first.get("data").findValuesAsText("name")).containsExactly("part-00000.json", "part-00001.json");
        assertThat(first.at("/_page/count").asInt()).isEqualTo(2);
        assertThat(second.get("data").findValuesAsText("name")).containsExactly("part-00002.json");
        assertThat(second.at("/_page/limit").asInt()).isEqualTo(2);
        assertThat(second.at("/_page/count").asInt()).isEqualTo(1);
    }

    @Test
    void getFileWithABadLimitIsRefusedNamingIt() {
        RestClient.Response notANumber = rest.get(FILES + BATCH + "?limit=abc");
        RestClient.Response tooLarge = rest.get(FILES + BATCH + "?limit=1001");

        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.header("content-type")).isEqualTo("application/problem+json");
        assertThat(notANumber.json().get("detail").asText())
                .isEqualTo("query parameter limit must be an integer, not \"abc\"");
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.json().get("detail").asText()).startsWith("limit must be from 1 to 1000");
    }

    @Test
    void downloadAnswersTheWholeFile() {
        RestClient.BinaryResponse response = download(BATCH, "part-00000.json", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(PART0);
        assertThat(response.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(response.header("content-length")).isEqualTo(Integer.toString(PART0.length));
        assertThat(response.header("accept-ranges")).isEqualTo("bytes");
        assertThat(response.header("content-disposition")).isEqualTo("attachment; filename=\"part-00000.json\"");
        assertThat(response.header("content-range")).isNull();
        assertThat(response.header("x-request-id")).isNotBlank();
    }

    @Test
    void everyListedFileDownloadsToItsListedLength() {
        for (JsonNode file : rest.get(FILES + BATCH).json().get("data")) {
            RestClient.BinaryResponse response =
                    rest.getBytes(file.at("/_links/self/href").asText());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body())
                    .hasSize(Integer.parseInt(file.get("length").asText()));
        }
        assertThat(download(BATCH, "part-00002.json", null).body()).isEqualTo(PART2);
    }

    @Test
    void aRangeAnswersExactlyThoseBytes() {
        RestClient.BinaryResponse response = download(BATCH, "part-00002.json", "bytes=3-9");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(PART2, 3, 10));
        assertThat(response.header("content-range")).isEqualTo("bytes 3-9/" + PART2.length);
        assertThat(response.header("content-length")).isEqualTo("7");
        assertThat(response.header("accept-ranges")).isEqualTo("bytes");
    }

    @Test
    void aRangeOfOneByteAnswersThatByte() {
        RestClient.BinaryResponse response = download(BATCH, "part-00002.json", "bytes=0-0");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.body()).containsExactly(PART2[0]);
        assertThat(response.header("content-range")).isEqualTo("bytes 0-0/" + PART2.length);
    }

    @Test
    void aRangeEndingBeyondTheFileStopsAtItsEnd() {
        RestClient.BinaryResponse response = download(BATCH, "part-00002.json", "bytes=150-99999");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(PART2, 150, PART2.length));
        assertThat(response.header("content-range")).isEqualTo("bytes 150-199/200");
    }

    @Test
    void anOpenRangeAnswersTheRestOfTheFile() {
        RestClient.BinaryResponse response = download(BATCH, "part-00002.json", "bytes=190-");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(PART2, 190, 200));
        assertThat(response.header("content-range")).isEqualTo("bytes 190-199/200");
    }

    @Test
    void aSuffixRangeAnswersTheLastBytes() {
        RestClient.BinaryResponse response = download(BATCH, "part-00002.json", "bytes=-7");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(PART2, 193, 200));
        assertThat(response.header("content-range")).isEqualTo("bytes 193-199/200");
    }

    @Test
    void aSuffixLongerThanTheFileAnswersTheWholeFile() {
        RestClient.BinaryResponse response = download(BATCH, "part-00002.json", "bytes=-5000");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(PART2);
        assertThat(response.header("content-range")).isEqualTo("bytes 0-199/200");
    }

    @Test
    void aRangeStartingAtOrBeyondTheEndAnswers416WithTheLength() {
        for (String range :
                List.of("bytes=200-", "bytes=200-300", "bytes=5000-", "bytes=99999999999999999999999-", "bytes=-0")) {
            RestClient.BinaryResponse response = download(BATCH, "part-00002.json", range);

            assertThat(response.status()).as(range).isEqualTo(416);
            assertThat(response.header("content-range")).as(range).isEqualTo("bytes */200");
            assertThat(response.header("content-type")).as(range).isEqualTo("application/problem+json");
            JsonNode problem = response.json();
            assertThat(problem.get("status").asInt()).isEqualTo(416);
            assertThat(problem.get("detail").asText()).as(range).contains("part-00002.json is 200 bytes long");
            assertThat(problem.get("requestId").asText()).isEqualTo(response.header("x-request-id"));
        }
    }

    @Test
    void aMalformedOrUnsupportedRangeIsIgnored() {
        for (String range : List.of(
                "bytes=abc",
                "bytes=9-3",
                "bytes=-",
                "items=0-5",
                "bytes 0-5",
                "bytes=0-1,4-5",
                "bytes=1.5-3",
                "bytes=--3")) {
            RestClient.BinaryResponse response = download(BATCH, "part-00002.json", range);

            assertThat(response.status()).as(range).isEqualTo(200);
            assertThat(response.body()).as(range).isEqualTo(PART2);
            assertThat(response.header("content-range")).as(range).isNull();
        }
    }

    @Test
    void theRangeUnitIsCaseInsensitive() {
        RestClient.BinaryResponse response = download(BATCH, "part-00002.json", "Bytes=0-1");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(PART2, 0, 2));
    }

    @Test
    void anEmptyFileDownloadsEmptyAndAnyRangeOfItIsNotSatisfiable() {
        RestClient.BinaryResponse whole = download(EMPTY, "part-00000.json", null);
        RestClient.BinaryResponse range = download(EMPTY, "part-00000.json", "bytes=0-");

        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEmpty();
        assertThat(whole.header("content-length")).isEqualTo("0");
        assertThat(range.status()).isEqualTo(416);
        assertThat(range.header("content-range")).isEqualTo("bytes */0");
        assertThat(rest.get(FILES + EMPTY).json().at("/data/0/length").asText()).isEqualTo("0");
    }

    @Test
    void aMultiMebibyteFileStreamsIntact() throws Exception {
        RestClient.BinaryResponse response = download(BIG, "part-00000.json", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-length")).isEqualTo(Integer.toString(BIG_PART.length));
        assertThat(response.body()).hasSize(BIG_PART.length);
        assertThat(sha256(response.body())).isEqualTo(sha256(BIG_PART));
    }

    @Test
    void aRangeAcrossChunksOfABigFileIsExact() {
        RestClient.BinaryResponse response = download(BIG, "part-00000.json", "bytes=65530-3000000");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.header("content-range")).isEqualTo("bytes 65530-3000000/" + BIG_PART.length);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(BIG_PART, 65530, 3000001));
    }

    @Test
    void theLastBytesOfABigFileAnswerASuffixRange() {
        RestClient.BinaryResponse response = download(BIG, "part-00000.json", "bytes=-100000");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(BIG_PART, BIG_PART.length - 100000, BIG_PART.length));
    }

    @Test
    void anUnknownFileIsNotFound() {
        RestClient.BinaryResponse response = download(BATCH, "part-00042.json", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asText())
                .isEqualTo("dataset file " + BATCH + " has no file part-00042.json");
    }

    @Test
    void pathGivenTwiceIsRefused() {
        RestClient.BinaryResponse response =
                rest.getBytes(FILES + BATCH + "?path=part-00000.json&path=part-00001.json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asText()).isEqualTo("path must be given once, not 2 times");
    }

    @Test
    void theCallersRequestIdIsEchoedAndGivenInErrors() {
        RestClient.BinaryResponse ok =
                rest.withHeader("x-request-id", "dl-1").getBytes(FILES + BATCH + "?path=part-00000.json");
        RestClient.BinaryResponse missing =
                rest.withHeader("x-request-id", "dl-2").getBytes(FILES + BATCH + "?path=part-00077.json");

        assertThat(ok.header("x-request-id")).isEqualTo("dl-1");
        assertThat(missing.header("x-request-id")).isEqualTo("dl-2");
        assertThat(missing.json().get("requestId").asText()).isEqualTo("dl-2");
    }

    @Test
    void aRequestWithoutAnAuthorizationHeaderGetsTheGatewaysError() {
        RestClient anonymous = rest.withHeader("Authorization", null);
        for (String path : List.of(
                FILES + BATCH + "?path=part-00000.json",
                FILES + BATCH,
                "/data/foundation/export/batches/" + BATCH + "/files")) {
            RestClient.BinaryResponse response = anonymous.getBytes(path);

            assertThat(response.status()).as(path).isEqualTo(403);
            assertThat(response.json().get("error_code").asText()).as(path).isEqualTo("403010");
            assertThat(response.text()).as(path).doesNotContain("{\"identityMap\"");
        }
    }

    @Test
    void aBadTokenGetsTheGatewaysError() {
        RestClient.BinaryResponse response =
                rest.withHeader("Authorization", "Bearer wrong").getBytes(FILES + BATCH + "?path=part-00000.json");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error_code").asText()).isEqualTo("401013");
    }

    @Test
    void onlyGetIsAllowedOnAFile() {
        RestClient.Response response = rest.send("DELETE", FILES + BATCH + "?path=part-00000.json", null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("content-type")).isEqualTo("application/problem+json");
        assertThat(download(BATCH, "part-00000.json", null).body()).isEqualTo(PART0);
    }

    @Test
    void theDocsListTheDataAccessService() {
        RestClient.Response response = rest.get("/docs/specification.json");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("segexport.v1.DataAccessService", "ListBatchFiles", "ReadFile");
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
