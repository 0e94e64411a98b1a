package dev.vellum.transactions;

import dev.vellum.auth.Caller;

/** Whose keys these are, inside a project: idempotency keys and lock resources never cross callers. */
final class CallerScope {

    private CallerScope() {
    }

    static String of(Caller caller) {
        if (caller.isUser()) {
            return "user:" + caller.userId();
        }
        return caller.keyKind() == Caller.KeyKind.SECRET ? "key:secret" : "key:public";
    }
}
