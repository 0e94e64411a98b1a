package dev.vellum.error;

import java.util.Optional;
import tools.jackson.core.JacksonException;

/**
 * The one classifier: any failure → the {@link VellumException} it is answered with. It walks the
 * causes once and takes the first it knows: a Vellum error, a JSON parse error, or a database
 * failure (through {@link SqlStateTranslator}). Failures of the HTTP framework itself (no route,
 * wrong method) are the API layer's to add.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    /** The error a failure is known as, or empty when nothing in its causes is known. */
    public static Optional<VellumException> recognise(Throwable failure) {
        return CauseChain.first(failure, FailureClassifier::known);
    }

    /** The error a failure is answered with: a known one, else {@code INTERNAL_ERROR}. */
    public static VellumException classify(Throwable failure) {
        return recognise(failure).orElseGet(VellumException::internal);
    }

    /**
     * The known error a failure is, or the failure itself: for Java callers, who keep the stack
     * trace of a bug but get codes for what a client caused.
     */
    public static Throwable translate(Throwable failure) {
        return recognise(failure).<Throwable>map(known -> known).orElse(failure);
    }

    /** True for a serialization failure or deadlock: the same request may pass on a retry. */
    public static boolean isTransient(Throwable failure) {
        return CauseChain.anyMatch(failure, SqlStateTranslator::isTransient);
    }

    private static Optional<VellumException> known(Throwable cause) {
        if (cause instanceof VellumException vellum) {
            return Optional.of(vellum);
        }
        if (cause instanceof JacksonException json) {
            return Optional.of(VellumException.validation("malformed JSON: " + JsonErrors.describe(json)));
        }
        return SqlStateTranslator.translate(cause);
    }
}
