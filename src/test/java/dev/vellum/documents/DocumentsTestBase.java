package dev.vellum.documents;

import dev.vellum.auth.ApiKeyStore;
import dev.vellum.auth.TokenService;
import dev.vellum.support.IntegrationTest;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;

/** Documents-API tests: callers with the secret key or as fresh users with minted tokens. */
abstract class DocumentsTestBase extends IntegrationTest {

    @Autowired
    TokenService tokenService;

    @Autowired
    ApiKeyStore apiKeyStore;

    long projectId() {
        return apiKeyStore.find(PUBLIC_KEY).block().projectId();
    }

    DocsClient service() {
        return new DocsClient(http, SECRET_KEY, null, null);
    }

    /** A user no other test uses, with a token for the public key. */
    DocsClient newUser() {
        String userId = "user_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String token = userToken(projectId(), userId);
        return new DocsClient(http, PUBLIC_KEY, token, userId);
    }

    static String docs(String collection) {
        return "/v1/collections/" + collection + "/documents";
    }

    static String doc(String collection, String id) {
        return docs(collection) + "/" + id;
    }
}
