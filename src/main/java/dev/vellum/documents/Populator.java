package dev.vellum.documents;

import dev.vellum.auth.Caller;
import dev.vellum.docstore.Populate;
import dev.vellum.docstore.ReferenceResolver;
import dev.vellum.docstore.Scope;
import dev.vellum.users.PublicProfile;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/** The core's populate policy with this API's rendering of referenced documents ({@link DocumentView}). */
public final class Populator {

    private final ReferenceResolver references;
    private final DocumentView view;

    Populator(ReferenceResolver references, DocumentView view) {
        this.references = references;
        this.view = view;
    }

    /** {@code source} is the scope the documents were read in; the same owner rule applies to their references. */
    Mono<List<ObjectNode>> populate(Scope source, List<ObjectNode> docs, Populate populate) {
        return populate(source, docs, populate, profile(source));
    }

    /** The request's public profile setting, read lazily; {@code cache()} it across a stream's windows. */
    Mono<PublicProfile> profile(Scope source) {
        return references.profile(source);
    }

    Mono<List<ObjectNode>> populate(Scope source, List<ObjectNode> docs, Populate populate, Mono<PublicProfile> profile) {
        return references.populate(source, docs, populate, profile, view::render);
    }

    /** Populates one document (get_document, find_one). */
    Mono<ObjectNode> populate(Scope source, ObjectNode doc, Populate populate) {
        return populate(source, List.of(doc), populate).thenReturn(doc);
    }

    /** Populates app users' {@code data} (relationship listings): see {@link ReferenceResolver#populateUserData}. */
    public Mono<List<ObjectNode>> populateUserData(Caller caller, List<ObjectNode> data, Populate populate) {
        return references.populateUserData(caller, data, populate, view::render);
    }
}
