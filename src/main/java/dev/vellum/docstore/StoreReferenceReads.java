package dev.vellum.docstore;

import dev.vellum.docstore.CollectionCatalog;
import dev.vellum.docstore.DocumentRow;
import dev.vellum.docstore.DocumentService;
import dev.vellum.docstore.ReferenceCatalog;
import dev.vellum.docstore.Scope;
import dev.vellum.users.AppUser;
import dev.vellum.users.AppUserStore;
import dev.vellum.users.PublicProfile;
import dev.vellum.users.PublicProfiles;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link ReferenceReads} on the document core (collection catalog, read by keys) and app users. */
@Component
final class StoreReferenceReads implements ReferenceReads {

    private final CollectionCatalog collections;
    private final DocumentService documents;
    private final AppUserStore users;
    private final PublicProfiles profiles;

    StoreReferenceReads(CollectionCatalog collections, DocumentService documents, AppUserStore users,
                        PublicProfiles profiles) {
        this.collections = collections;
        this.documents = documents;
        this.users = users;
        this.profiles = profiles;
    }

    @Override
    public Mono<ReferenceCatalog> catalog(long projectId, String source, Set<String> names) {
        return collections.references(projectId, source, names);
    }

    @Override
    public Flux<DocumentRow> documents(Scope target, String[] keys) {
        return documents.byKeys(target, keys);
    }

    @Override
    public Flux<AppUser> users(long projectId, String[] ids) {
        return users.findByIds(projectId, ids);
    }

    @Override
    public Mono<PublicProfile> publicProfile(long projectId) {
        return profiles.of(projectId);
    }
}
