package dev.vellum.redis;

/** A Lua script shipped in {@code src/main/resources/lua}: its text and the SHA-1 that EVALSHA names it by. */
public record LuaScript(String source, String sha1) {
}
