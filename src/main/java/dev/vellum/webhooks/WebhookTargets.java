package dev.vellum.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Which addresses a webhook may not reach unless {@code vellum.webhooks.allow-private-targets}:
 * loopback, private (RFC 1918, IPv6 unique-local), link-local, carrier-grade NAT, the unspecified
 * address and multicast. Checked on the URL's literal host when the setting is written, and on
 * every address the host resolves to before each connection.
 */
public final class WebhookTargets {

    private WebhookTargets() {
    }

    public static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 192 && second == 0 && (bytes[2] & 0xff) == 0);
        }
        if (address instanceof Inet6Address) {
            int first = bytes[0] & 0xff;
            if ((first & 0xfe) == 0xfc) {
                return true;
            }
            if (isMappedV4(bytes)) {
                try {
                    return isPrivate(InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)));
                } catch (java.net.UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a URL host is private without resolving it: a literal address that is, or a name
     * such as {@code localhost}. Names are resolved, and checked again, when a delivery connects.
     */
    public static boolean isPrivateLiteral(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || name.endsWith(".local") || name.endsWith(".internal")) {
            return true;
        }
        if (!looksLiteral(name)) {
            return false;
        }
        try {
            // A literal address: getByName parses it without a lookup.
            return isPrivate(InetAddress.getByName(name));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean looksLiteral(String name) {
        return name.contains(":") || name.matches("[0-9]{1,10}(\\.[0-9]{1,10}){0,3}");
    }

    private static boolean isMappedV4(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
    }
}
