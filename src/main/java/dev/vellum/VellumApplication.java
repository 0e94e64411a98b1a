package dev.vellum;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Vellum: a self-hostable reactive JSON document database service. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class VellumApplication {

    public static void main(String[] args) {
        SpringApplication.run(VellumApplication.class, args);
    }
}
