package dev.vellum.changes;

import dev.vellum.auth.Caller;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/** The default read rule: a secret key reads every document, a user only their own. */
@Configuration(proxyBeanMethods = false)
class OwnerVisibility {

    @Bean
    @ConditionalOnMissingBean(ChangeVisibility.class)
    ChangeVisibility ownerOnly() {
        return OwnerVisibility::owns;
    }

    static boolean owns(Caller reader, String collection, String owner, JsonNode document) {
        return !reader.isUser() || reader.userId().equals(owner);
    }
}
