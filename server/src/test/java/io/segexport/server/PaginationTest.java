package io.segexport.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keyset pagination: newest first, no duplicate, no gap, link.next followed verbatim. */
class PaginationTest {
    @RegisterExtension
    static final SharedServer server = new SharedServer();

    private final RestClient rest = server.rest(Tenant.fresh());
    private final String dataSet = rest.createDataSet();

    private List<Long> createJobs(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(rest.post("/data/core/ups/export/jobs", Requests.minimalCreate(dataSet))
                    .json()
                    .get("id")
                    .asLong());
        }
        return ids;
    }

    /** Follows link.next from {@code firstPage} until it is empty; returns each page's ids. */
    private List<List<Long>> pagesFrom(String firstPage) {
        List<List<Long>> pages = new ArrayList<>();
        String next = firstPage;
        while (!next.isEmpty()) {
            RestClient.Response response = rest.get(next);
            assertThat(response.status()).as(next).isEqualTo(200);
            JsonNode body = response.json();
            List<Long> ids = new ArrayList<>();
            if (body.has("records")) {
                body.get("records").forEach(record -> ids.add(record.get("id").asLong()));
            }
            assertThat(body.at("/page/pageSize").asInt()).isEqualTo(ids.size());
            pages.add(ids);
            next = body.at("/link/next").asText();
            assertThat(pages).as("pages followed").hasSizeLessThan(100);
        }
        return pages;
    }

    @Test
    void twentyFiveJobsComeInThreePagesNewestFirstWithoutDuplicateOrGap() {
        List<Long> created = createJobs(25);

        List<List<Long>> pages = pagesFrom("/data/core/ups/export/jobs?limit=10");

        assertThat(pages).extracting(List::size).containsExactly(10, 10, 5);
        List<Long> all = pages.stream().flatMap(List::stream).toList();
        List<Long> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertThat(all).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void linkNextIsTheShortFormWithLimitAndOffset() {
        createJobs(3);

        JsonNode body = rest.get("/data/core/ups/export/jobs?limit=2").json();

        assertThat(body.at("/link/next").asText()).matches("/export/jobs/\\?limit=2&offset=\\d+_\\d+");
    }

    @Test
    void theLastPagesNextIsEmpty() {
        createJobs(4);

        JsonNode body = rest.get("/export/jobs?limit=4").json();

        assertThat(body.get("records")).hasSize(4);
        assertThat(body.at("/link/next").asText()).isEmpty();
    }

    @Test
    void statusFilterKeepsOnlyThatStatus() {
        List<Long> created = createJobs(6);
        rest.delete("/export/jobs/" + created.get(1));
        rest.delete("/export/jobs/" + created.get(4));

        List<Long> cancelled = pagesFrom("/export/jobs?status=CANCELLED").get(0);
        List<Long> fresh = pagesFrom("/export/jobs?status=new").get(0);

        assertThat(cancelled).containsExactly(created.get(4), created.get(1));
        assertThat(fresh).containsExactly(created.get(5), created.get(3), created.get(2), created.get(0));
    }

    @Test
    void statusFilterPagesAndKeepsTheFilterInLinkNext() {
        List<Long> created = createJobs(12);
        List<Long> cancelled = new ArrayList<>();
        for (int i = 0; i < created.size(); i += 2) {
            rest.delete("/export/jobs/" + created.get(i));
            cancelled.add(0, created.get(i));
        }

        JsonNode first = rest.get("/export/jobs?status=CANCELLED&limit=4").json();
        List<List<Long>> pages = pagesFrom("/export/jobs?status=CANCELLED&limit=4");

        assertThat(first.at("/link/next").asText()).endsWith("&status=CANCELLED");
        assertThat(pages).extracting(List::size).containsExactly(4, 2);
        assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(cancelled);
    }

    @Test
    void aPageAfterTheLastJobIsEmpty() {
        createJobs(2);
        JsonNode body = rest.get("/export/jobs?limit=2").json();
        String lastCursor = body.at("/page/pageOffset").asText();

        JsonNode after = rest.get("/export/jobs/?limit=2&offset=" + lastCursor).json();

        assertThat(after.get("records")).isEmpty();
        assertThat(after.at("/link/next").asText()).isEmpty();
    }
}
