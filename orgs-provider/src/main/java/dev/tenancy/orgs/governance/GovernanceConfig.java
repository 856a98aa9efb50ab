package dev.tenancy.orgs.governance;

import org.keycloak.Config;

/**
 * Options ({@code --spi-events-listener--tenancy-governance--<option>}): {@code interval-seconds}
 * (15: how often time-bound grants are ended and changed rules re-applied), {@code lease-seconds}
 * (60: how long a node holds a rule's re-application), {@code request-pending-seconds} (604800:
 * after how long a pending access request expires).
 */
record GovernanceConfig(long intervalSeconds, long leaseSeconds, long requestPendingSeconds) {

    static GovernanceConfig from(Config.Scope scope) {
        return new GovernanceConfig(
                Math.max(1, scope.getLong("interval-seconds", 15L)),
                Math.max(5, scope.getLong("lease-seconds", 60L)),
                Math.max(60, scope.getLong("request-pending-seconds", 7L * 24 * 3600)));
    }
}
