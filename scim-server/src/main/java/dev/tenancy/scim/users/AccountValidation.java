package dev.tenancy.scim.users;

import java.util.List;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.Validator;
import org.keycloak.validate.ValidatorConfig;
import org.keycloak.validate.Validators;

import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;

/**
 * Validates account values the way Keycloak's own admin API does: with the validators the realm's
 * user profile declares for {@code username}, {@code email}, {@code firstName} and {@code lastName}
 * (by default length, prohibited characters, IDN homographs, email syntax). A refused value is a 400
 * {@code invalidValue} naming the SCIM attribute. Validators that need a whole user profile (the
 * {@code up-} family, duplicate checks) are left out: uniqueness is checked by the caller.
 */
final class AccountValidation {

    /** The {@code up-} validator that needs nothing but the value. */
    private static final String IDN_HOMOGRAPH = "up-username-not-idn-homograph";

    private final KeycloakSession session;
    private UPConfig config;

    AccountValidation(KeycloakSession session) {
        this.session = session;
    }

    /**
     * @param profileAttribute the user-profile attribute name ({@code username}, {@code email}, …)
     * @param scimAttribute    the SCIM attribute to name in the error
     */
    void check(String profileAttribute, String scimAttribute, String value) {
        if (value == null) {
            return;
        }
        if (value.length() > Scim.MAX_COLUMN) {
            throw ScimException.invalidValue(scimAttribute + " is longer than " + Scim.MAX_COLUMN + " characters");
        }
        UPAttribute attribute = config().getAttribute(profileAttribute);
        Map<String, Map<String, Object>> validations = attribute == null ? null : attribute.getValidations();
        if (validations == null) {
            return;
        }
        ValidationContext context = new ValidationContext(session);
        for (Map.Entry<String, Map<String, Object>> v : validations.entrySet()) {
            String id = v.getKey();
            if (id.startsWith("up-") && !id.equals(IDN_HOMOGRAPH)) {
                continue;
            }
            Validator validator = Validators.validator(session, id);
            if (validator == null) {
                continue;
            }
            validator.validate(List.of(value), profileAttribute, context,
                    v.getValue() == null ? ValidatorConfig.EMPTY : ValidatorConfig.configFromMap(v.getValue()));
        }
        if (!context.isValid()) {
            ValidationError error = context.getErrors().iterator().next();
            throw ScimException.invalidValue(scimAttribute + " is not a valid value (" + error.getMessage() + ")");
        }
    }

    private UPConfig config() {
        if (config == null) {
            config = session.getProvider(UserProfileProvider.class).getConfiguration();
        }
        return config;
    }
}
