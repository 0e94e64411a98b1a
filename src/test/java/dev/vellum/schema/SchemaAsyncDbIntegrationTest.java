package dev.vellum.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.documents.AsyncDb;
import dev.vellum.documents.AsyncDbFactory;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.ObjectNode;

/** The Java {@code AsyncDb} writes run on the same service, under the same schema. */
class SchemaAsyncDbIntegrationTest extends SchemaTestBase {

    @Autowired
    AsyncDbFactory dbs;

    private static ObjectNode object(String singleQuoted) {
        return (ObjectNode) parse(singleQuoted);
    }

    private static boolean refusedAt(Throwable error, String pointer) {
        return error instanceof VellumException vellum && vellum.code() == ErrorCode.VALIDATION_ERROR
                && vellum.details().get("pointers").equals(java.util.List.of(pointer));
    }

    @Test
    void create_and_update_are_checked_and_a_refused_update_changes_nothing() {
        setSchema(c, PRODUCT);
        AsyncDb db = dbs.forCaller(new Caller(projectId, Caller.KeyKind.SECRET, null));

        db.createDocument(c, object("{'title': 'Cup'}")).as(StepVerifier::create)
                .verifyErrorMatches(error -> refusedAt(error, "/price"));
        String id = db.createDocument(c, object("{'title': 'Cup', 'price': 2}")).block().get("id").asString();
        db.updateDocumentFields(c, id, object("{'stock': 2.5}")).as(StepVerifier::create)
                .verifyErrorMatches(error -> refusedAt(error, "/stock"));
        db.updateDocument(c, id, object("{'price': 3}"), null).as(StepVerifier::create)
                .verifyErrorMatches(error -> refusedAt(error, "/title"));

        assertThat(all(c)).containsExactly(parse("{'title': 'Cup', 'price': 2}"));
    }
}
