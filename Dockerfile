# syntax=docker/dockerfile:1

# ---- build: the Maven wrapper fetches Maven 3.9.x from Maven Central ----
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY sql/ sql/
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw \
    && ./mvnw -B -ntp -DskipTests package \
    && cp target/vellum-*.jar /src/vellum.jar

# ---- run: JRE only, as an unprivileged user ----
FROM eclipse-temurin:17-jre
RUN groupadd --system vellum \
    && useradd --system --gid vellum --home-dir /app --shell /usr/sbin/nologin vellum \
    && mkdir -p /app/data \
    && chown -R vellum:vellum /app
WORKDIR /app
COPY --from=build --chown=vellum:vellum /src/vellum.jar /app/vellum.jar
USER vellum
# Embedded mode (no VELLUM_POSTGRES_URL / VELLUM_REDIS_URL) keeps its data here;
# mount a volume on it to keep it.
ENV VELLUM_DATA_DIR=/app/data \
    PORT=8080
EXPOSE 8080
# bash's /dev/tcp: no curl needed in the image; healthy only on HTTP 200 (UP)
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8080} && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/vellum.jar"]
