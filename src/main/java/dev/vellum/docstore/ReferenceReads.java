package dev.vellum.docstore;

import dev.vellum.docstore.DocumentRow;
import dev.vellum.docstore.ReferenceCatalog;
import dev.vellum.docstore.Scope;
import dev.vellum.users.AppUser;
import dev.vellum.users.PublicProfile;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The reads populate makes: one catalog statement per request, then one batched statement per field. */
interface ReferenceReads {

    /** Which of {@code names} (and of the names {@code source}'s references setting gives) exist, and that setting. */
    Mono<ReferenceCatalog> catalog(long projectId, String source, Set<String> names);

    /** The live documents with these keys that {@code target} may see. */
    Flux<DocumentRow> documents(Scope target, String[] keys);

    /** The project's app users with these ids. */
    Flux<AppUser> users(long projectId, String[] ids);

    /** How the project shows app users to signed-in users ({@code settings.public_user_fields}). */
    Mono<PublicProfile> publicProfile(long projectId);
}
