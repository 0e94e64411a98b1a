package dev.vellum.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.vellum.config.VellumProperties;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Issues and verifies app-user tokens: HS256 JWTs signed with the project's own secret. */
@Component
public class TokenService {

    static final String ISSUER = "vellum";

    /** What a valid token says, and when it stops being valid. */
    public record TokenClaims(long projectId, String userId, long tokenVersion, Instant expiresAt) {
    }

    private final ProjectSecrets secrets;
    private final Duration ttl;
    private final Clock clock;

    @Autowired
    public TokenService(ProjectSecrets secrets, VellumProperties properties) {
        this(secrets, properties.auth().tokenTtl(), Clock.systemUTC());
    }

    TokenService(ProjectSecrets secrets, Duration ttl, Clock clock) {
        this.secrets = secrets;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Mono<String> issue(long projectId, String userId, long tokenVersion) {
        return secrets.jwtSecret(projectId).map(secret -> {
            Instant now = clock.instant();
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER)
                    .subject(userId)
                    .claim("pid", projectId)
                    .claim("tv", tokenVersion)
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(ttl)))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            try {
                jwt.sign(new MACSigner(secret));
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign token", e);
            }
            return jwt.serialize();
        });
    }

    /** Verifies signature, issuer, project and expiry; any failure is AUTHENTICATION_FAILED. */
    public Mono<TokenClaims> verify(long projectId, String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Mono.error(invalid());
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            return Mono.error(invalid());
        }
        return secrets.jwtSecret(projectId).handle((secret, sink) -> {
            try {
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                Date expires = claims.getExpirationTime();
                Long pid = claims.getLongClaim("pid");
                Long tokenVersion = claims.getLongClaim("tv");
                boolean valid = jwt.verify(new MACVerifier(secret))
                        && ISSUER.equals(claims.getIssuer())
                        && Objects.equals(pid, projectId)
                        && claims.getSubject() != null
                        && tokenVersion != null
                        && expires != null && expires.toInstant().isAfter(clock.instant());
                if (valid) {
                    sink.next(new TokenClaims(projectId, claims.getSubject(), tokenVersion, expires.toInstant()));
                } else {
                    sink.error(invalid());
                }
            } catch (JOSEException | ParseException e) {
                sink.error(invalid());
            }
        });
    }

    /** Whether a token that was valid has expired by now. */
    public boolean expired(TokenClaims claims) {
        return !claims.expiresAt().isAfter(clock.instant());
    }

    private static VellumException invalid() {
        return new VellumException(ErrorCode.AUTHENTICATION_FAILED, "invalid or expired token");
    }
}
