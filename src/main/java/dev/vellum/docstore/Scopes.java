package dev.vellum.docstore;

import dev.vellum.access.AccessRules;
import dev.vellum.access.CollectionAccess;
import dev.vellum.auth.Caller;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import org.springframework.stereotype.Component;

/** Makes the {@link Scope} of a request: the caller and the collection's current access rules, read from memory. */
@Component
public class Scopes {

    private final CollectionAccess access;
    private final CollectionCatalog catalog;

    Scopes(CollectionAccess access, CollectionCatalog catalog) {
        this.access = access;
        this.catalog = catalog;
    }

    /**
     * The caller's scope in {@code collection}. A public key without a token is a visitor: refused
     * as before (AUTHENTICATION_FAILED) unless the collection grants {@code public} something.
     */
    public Scope of(Caller caller, String collection) {
        long projectId = caller.projectId();
        AccessRules rules = access.rules(projectId, collection);
        if (isVisitor(caller) && !rules.grantsVisitors()) {
            throw new VellumException(ErrorCode.AUTHENTICATION_FAILED,
                    "a public key needs a user token (Authorization: Bearer <token>) unless the collection's access grants public");
        }
        return new Scope(caller, collection, catalog.storage(projectId, collection), rules,
                other -> access.rules(projectId, other), other -> catalog.storage(projectId, other));
    }

    /** A scope for data outside any collection (users' data) whose references still follow each target's rules. */
    public Scope outside(Caller caller, String pseudoCollection) {
        long projectId = caller.projectId();
        return new Scope(caller, pseudoCollection, pseudoCollection, AccessRules.DEFAULT, other -> access.rules(projectId, other),
                other -> catalog.storage(projectId, other));
    }

    /** Where {@code collection}'s documents live now (the by-key routes). */
    public String storage(Caller caller, String collection) {
        return catalog.storage(caller.projectId(), collection);
    }

    /** The rules of {@code collection} for the by-key routes. */
    public AccessRules rules(Caller caller, String collection) {
        AccessRules rules = access.rules(caller.projectId(), collection);
        if (isVisitor(caller) && !rules.grantsVisitors()) {
            throw new VellumException(ErrorCode.AUTHENTICATION_FAILED,
                    "a public key needs a user token (Authorization: Bearer <token>) unless the collection's access grants public");
        }
        return rules;
    }

    public static boolean isVisitor(Caller caller) {
        return caller.keyKind() == Caller.KeyKind.PUBLIC && !caller.isUser();
    }
}
