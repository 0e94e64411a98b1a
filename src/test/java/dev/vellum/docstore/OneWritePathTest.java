package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every write of documents has one way to the database: its SQL is rendered only by the core's
 * write renderers, and only {@link DocumentWrites} runs them, for the core's two services. A
 * change outbox hooked into DocumentWrites therefore sees every change.
 */
class OneWritePathTest {

    private static final Path MAIN = Path.of("src/main/java/dev/vellum");
    private static final Pattern WRITE_SQL = Pattern.compile(
            "insert into documents|update documents|delete from documents|vellum_mutate_in\\(");

    @Test
    void document_write_statements_are_rendered_only_by_the_cores_write_renderers() throws IOException {
        // DroppedStorageSql only removes the rows of deleted collections, which no reader sees and whose
        // deletion recorded its one change already (sql/V90)
        assertThat(filesMatching(WRITE_SQL)).containsExactlyInAnyOrder("docstore/DocumentWriteSql.java", "docstore/KeyedSql.java",
                "docstore/DroppedStorageSql.java");
    }

    @Test
    void only_document_writes_runs_them_and_only_the_core_services_use_it() throws IOException {
        assertThat(filesMatching(Pattern.compile("\\bDocumentWriteSql\\.(?!RETURNING)|\\bKeyedSql\\.(?!durability)\\w+\\(")))
                .containsExactlyInAnyOrder("docstore/DocumentService.java", "docstore/KeyedDocuments.java");
        assertThat(filesMatching(Pattern.compile("\\bDocumentWrites\\b")))
                .containsExactlyInAnyOrder("docstore/DocumentWrites.java", "docstore/DocumentWriteSql.java",
                        "docstore/DocumentService.java", "docstore/KeyedDocuments.java");
    }

    private static List<String> filesMatching(Pattern pattern) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> pattern.matcher(read(file)).find())
                    .map(file -> MAIN.relativize(file).toString().replace('\\', '/'))
                    .toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
