export const id = 674;
export const ids = [674];
export const modules = {

/***/ 6314:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   chainFailure: () => (/* binding */ chainFailure),
/* harmony export */   endpointVariableFailure: () => (/* binding */ endpointVariableFailure),
/* harmony export */   idTokenFailure: () => (/* binding */ idTokenFailure),
/* harmony export */   idTokenUnavailable: () => (/* binding */ idTokenUnavailable),
/* harmony export */   lapsedFailure: () => (/* binding */ lapsedFailure),
/* harmony export */   stsCallFailure: () => (/* binding */ stsCallFailure)
/* harmony export */ });
/* harmony import */ var _http_retry_failure_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3149);
/* harmony import */ var _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5368);
/* harmony import */ var _common_tunables_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1101);
/* harmony import */ var _lasting_credentials_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(210);
/* harmony import */ var _common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5442);
/* harmony import */ var _token_claims_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9680);






const OIDC_HOST = 'token.actions.githubusercontent.com';
const PERMISSIONS_YAML = ['permissions:', '  id-token: write', '  contents: read'].join('\n');
const CONFIGURE_SNIPPET = [
    '- uses: aws-actions/configure-aws-credentials@v6',
    '  with:',
    '    role-to-assume: arn:aws:iam::111122223333:role/partner-release',
    '    aws-region: us-east-1',
].join('\n');
const CHAIN_SOURCES = 'environment variables (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as configure-aws-credentials exports them), ' +
    'a web identity token file (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN), the shared config and credentials files ' +
    '(AWS_PROFILE, ~/.aws), SSO and credential_process profiles, container credentials (AWS_CONTAINER_CREDENTIALS_*) ' +
    'and EC2 instance metadata';
function chainFailure(err) {
    const e = err;
    const timedOut = (0,_http_error_kinds_js__WEBPACK_IMPORTED_MODULE_4__/* .isTimedOut */ .gz)(e);
    const detail = (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeLine */ .om)(e?.message ?? String(err), 500);
    return {
        code: timedOut ? _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_4__/* .TIMED_OUT */ .VP : 'CredentialsProviderError',
        message: detail,
        title: timedOut ? 'Timed out looking for AWS credentials' : 'No AWS credentials found',
        text: [
            `The action looked for credentials in ${CHAIN_SOURCES} and ${timedOut ? 'ran out of time' : 'found none'} (${detail}).\n` +
                `Fix it one of two ways.\n1. Give the job these permissions:`,
            { code: PERMISSIONS_YAML },
            'and add this step before this one:',
            { code: CONFIGURE_SNIPPET },
            `2. Or give this step role-to-assume (with the same permissions) and it assumes the role itself.`,
        ],
    };
}
function idTokenUnavailable(role) {
    return {
        code: 'OIDCTokenUnavailable',
        message: 'ACTIONS_ID_TOKEN_REQUEST_URL is not set',
        title: 'This job may not request an OIDC token',
        text: [
            `role-to-assume (${role.roleArn}) needs the workflow's OIDC token, and GitHub gives one only to jobs with id-token: write. ` +
                `Add to the job (or the workflow):`,
            { code: PERMISSIONS_YAML },
            'Workflows triggered from a fork get no token at all: use pull_request_target with care, or skip this step for forks.',
        ],
    };
}
function idTokenFailure(err, role) {
    const detail = (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeLine */ .om)(err?.message ?? String(err), 500);
    return {
        code: 'OIDCTokenError',
        message: detail,
        title: 'Could not get the OIDC token',
        text: [
            `GitHub did not hand out an OIDC token for audience ${role.audience}: ${detail}. Re-run the job; if it persists, check that the job has:`,
            { code: PERMISSIONS_YAML },
        ],
    };
}
/** An endpoint variable (AWS_ENDPOINT_URL_STS, _SSO, ...) set to a URL the action refuses. */
function endpointVariableFailure(variable, problem) {
    return {
        code: 'InvalidInput',
        message: `${variable} ${problem}`,
        title: `Invalid ${variable}`,
        text: `The environment variable ${variable} ${problem}. Fix or unset it.`,
    };
}
/** arn:PARTITION:iam::ACCOUNT:role/NAME */
function roleParts(role) {
    const parts = role.roleArn.split(':');
    return { partition: parts[1] ?? 'aws', account: parts[4] ?? '<account-id>' };
}
function trustPolicy(role, sub) {
    const { partition, account } = roleParts(role);
    return JSON.stringify({
        Effect: 'Allow',
        Principal: { Federated: `arn:${partition}:iam::${account}:oidc-provider/${OIDC_HOST}` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
            StringEquals: { [`${OIDC_HOST}:aud`]: role.audience },
            StringLike: { [`${OIDC_HOST}:sub`]: sub },
        },
    }, null, 2);
}
function stsCallFailure(outcome, role, claims, region, timeoutMs) {
    // Retries that ran out are told the same way as for Partner Central; a refusal gets STS's own advice.
    if (outcome.stop !== 'client')
        return (0,_http_retry_failure_js__WEBPACK_IMPORTED_MODULE_0__/* .retryFailure */ .L)(outcome, 'STS', timeoutMs, () => '');
    const { error } = outcome;
    const sub = (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_3__/* .safeLine */ .om)((0,_token_claims_js__WEBPACK_IMPORTED_MODULE_5__/* .subjectOf */ .e)(claims) ?? 'repo:OWNER/REPO:*', 300);
    const { account } = roleParts(role);
    const said = `STS refused AssumeRoleWithWebIdentity for ${role.roleArn}: ${error.name}: ${error.message}${error.requestId ? ` (request id ${error.requestId})` : ''}.`;
    let advice;
    let statement;
    switch (error.name) {
        case 'AccessDenied':
            advice =
                `The role's trust policy does not trust this workflow. It must trust the OIDC provider ${OIDC_HOST} with audience ${role.audience}, ` +
                    `and its sub condition must match this workflow's token, whose sub is ${sub}. A statement that does:`;
            statement = { code: trustPolicy(role, sub) };
            break;
        case 'InvalidIdentityToken':
            advice =
                `STS could not validate the token: account ${account} needs an IAM OIDC identity provider for https://${OIDC_HOST} whose audiences include ${role.audience} ` +
                    `(aws iam create-open-id-connect-provider --url https://${OIDC_HOST} --client-id-list ${role.audience}), and audience must match it.`;
            break;
        case 'ExpiredTokenException':
        case 'ExpiredToken':
            advice =
                'The OIDC token expired before STS read it (GitHub tokens are short-lived). Re-run the job; a runner whose clock is far off causes this too.';
            break;
        case 'RegionDisabledException':
            advice = `STS is not activated in ${region} for account ${account}: activate the region in IAM account settings, or set AWS_ENDPOINT_URL_STS to an STS endpoint of an active region.`;
            break;
        case 'ValidationError':
            advice = /DurationSeconds|MaxSessionDuration/i.test(error.message)
                ? `role-duration-seconds (${role.durationSeconds}) is more than the role's maximum session duration: lower it, or raise the role's MaxSessionDuration.`
                : 'Check role-to-assume and role-session-name.';
            break;
        default:
            advice = "Check role-to-assume, audience and the role's trust policy.";
    }
    return {
        code: error.name,
        message: error.message,
        title: `Could not assume the role: ${error.name}`,
        text: statement ? [`${said} ${advice}`, statement] : `${said} ${advice}`,
    };
}
/** Credentials the step read already expired (AWS_CREDENTIAL_EXPIRATION in the past): dead on arrival. */
function expiredWhenRead(facts) {
    return (facts.expiresAt !== undefined &&
        facts.expiresAt <= facts.obtainedAt + _common_tunables_js__WEBPACK_IMPORTED_MODULE_1__/* .CREDENTIAL_RENEWAL */ .Rn.minUsableMs);
}
/** Which jobs a step had started, may have started, and had not, when something ended it. */
function jobsSoFar(jobs) {
    const named = (status) => jobs.filter((j) => j.status === status).map((j) => j.jobIdentifier);
    const started = named('started');
    const unknown = named('unknown');
    const rest = jobs
        .filter((j) => j.status === 'not-attempted' || j.status === 'failed')
        .map((j) => j.jobIdentifier);
    return ((started.length
        ? `Started before that: ${started.join(', ')} (they are running: do not start them again by hand).`
        : 'No job had been started.') +
        (unknown.length ? ` Sent but unanswered (they may have started): ${unknown.join(', ')}.` : '') +
        (rest.length ? ` Not started: ${rest.join(', ')}.` : ''));
}
/** What to do when the step's credentials ran out, by where they came from. */
function lapseAdvice(facts, code) {
    if (code === _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_4__/* .CREDENTIALS_EXPIRED */ .j8 && expiredWhenRead(facts))
        return ('Re-run the whole job, so the step that makes them runs again; if they are in fact still valid, fix or unset ' +
            'a stale AWS_CREDENTIAL_EXPIRATION in the step that sets it.');
    if (code === _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_4__/* .CREDENTIALS_EXPIRED */ .j8)
        return ("Nothing here can renew credentials an earlier step exported: raise that step's role-duration-seconds " +
            "(configure-aws-credentials: 1 hour by default, up to the role's MaxSessionDuration), or give this step role-to-assume: " +
            'the action then renews its own role session for as long as the step runs. Re-running the step is safe: starting a job that is already running changes nothing.');
    return facts.origin === 'role'
        ? 'The same workflow token assumed the role when the step began: a refusal now means the role, its trust policy or the OIDC provider changed during the step, or STS or GitHub failed past the retries. ' +
            'Fix what the renewal says, then re-run the step: starting a job that is already running changes nothing.'
        : "Renew the chain's source (aws sso login for an SSO profile, the web identity token file, the container's credentials), or give this step role-to-assume; then re-run the step: starting a job that is already running changes nothing.";
}
/**
 * The step's credentials ran out before it was done (a renewal failed, or the environment's expired): says so
 * first, with which credentials and when, names the jobs already started, then the cause and the fix.
 */
function lapsedFailure(lapse, facts, jobs) {
    const { error, failure } = lapse;
    const expired = error.name === _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_4__/* .CREDENTIALS_EXPIRED */ .j8;
    const lead = !expired
        ? `The step's credentials could not be renewed before they expired: ${(0,_lasting_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .credentialWords */ .ff)(facts)}. No request was signed after that. `
        : expiredWhenRead(facts)
            ? `The step's credentials had already expired when it read them: ${(0,_lasting_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .credentialWords */ .ff)(facts)}. Nothing was signed with them. `
            : `The step's credentials ran out before it was done: ${(0,_lasting_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .credentialWords */ .ff)(facts)}. No request was signed with them after that. `;
    const cause = typeof failure.text === 'string' ? [failure.text] : failure.text;
    const because = expired ? [] : ['The renewal failed: ', ...cause, ' '];
    return {
        code: expired ? _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_4__/* .CREDENTIALS_EXPIRED */ .j8 : failure.code,
        message: error.message,
        title: !expired
            ? `Credentials not renewed: ${failure.title}`
            : expiredWhenRead(facts)
                ? 'Credentials expired before the step began'
                : 'Credentials expired before the step was done',
        text: [lead + jobsSoFar(jobs) + ' ', ...because, lapseAdvice(facts, error.name)],
    };
}


/***/ }),

/***/ 210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ff: () => (/* binding */ credentialWords),
/* harmony export */   js: () => (/* binding */ lastingCredentials)
/* harmony export */ });
/* unused harmony export renewalDue */
/* harmony import */ var _common_tunables_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1101);
/* harmony import */ var _common_safe_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5442);
/* harmony import */ var _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5368);
// Credentials that last the whole step: renewed before they expire (the AWS SDKs' margin) from where they came, one
// renewal at a time however many calls need it; never used to sign once they are known to have run out.



function lastingCredentials(options) {
    const { timing, clock } = options;
    const awsNow = () => timing.now() + clock.offsetMs;
    const now = () => timing.now();
    let held = options.first;
    const described = () => options.describe(held.credentials);
    let obtainedAt = timing.now();
    let renewals = 0;
    let lapsed;
    let renewing;
    /** After a renewal that failed or gave nothing newer, the source is not asked again before this (local clock). */
    let askAgainAt = -Infinity;
    /** When credentials stop signing, on this runner's clock (the offset read now: it may be learned late). */
    const endOf = (c) => c.expiresAt === undefined
        ? c.signsUntil
        : Math.min(c.signsUntil ?? Infinity, c.expiresAt - clock.offsetMs);
    /** Whether credentials may still sign a request that must reach AWS before they run out. */
    const signs = (c) => (endOf(c) ?? Infinity) - now() > _common_tunables_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIAL_RENEWAL */ .Rn.minUsableMs;
    /** New credentials that sign no longer than the old ones renewed nothing (a source that handed back the same). */
    const outlives = (renewed, old) => (endOf(renewed) ?? Infinity) > (endOf(old) ?? Infinity) || endOf(renewed) === undefined;
    const facts = () => ({
        origin: options.origin,
        described: described(),
        obtainedAt,
        ...(held.expiresAt === undefined ? {} : { expiresAt: held.expiresAt }),
        ...(options.expirySource ? { expirySource: options.expirySource } : {}),
        ...(options.expiryUnreadable ? { expiryUnreadable: true } : {}),
        renewals,
        at: awsNow(),
    });
    const end = (lapse) => {
        lapsed = lapse;
        return lapse.error;
    };
    /**
     * A renewal that failed, or gave nothing newer: while the current credentials still sign, they do, and the
     * source is asked again askAgainMs later (an STS blip costs nothing); once they would not, the step ends.
     */
    const failed = (failure) => {
        if (!signs(held))
            return end(notRenewed(facts(), failure));
        askAgainAt = timing.now() + _common_tunables_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIAL_RENEWAL */ .Rn.askAgainMs;
        const until = isoTime(held.expiresAt ?? Infinity);
        options.log.info(`Renewing ${described()} failed (${failure.title}); it still signs until ${until}: asking again in ${_common_tunables_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIAL_RENEWAL */ .Rn.askAgainMs / 1000} s`);
        return undefined;
    };
    async function renewNow(renew) {
        options.log.info(`Renewing ${described()}: it expires at ${isoTime(held.expiresAt ?? Infinity)} (renewal ${renewals + 1})`);
        const renewed = await renew();
        // A cancel or the deadline during the renewal is the step's end, not the credentials'.
        const stopped = stoppedBy(options);
        if (stopped)
            return stopped;
        if (!renewed.ok)
            return failed(renewed.failure);
        if (!outlives(renewed.held, held))
            return failed(sameCredentials(described(), renewed.held));
        if (!signs(renewed.held))
            return failed(expiredOnArrival(renewed.held));
        held = renewed.held;
        obtainedAt = timing.now();
        renewals += 1;
        const until = held.expiresAt === undefined ? 'no expiry given' : `valid until ${isoTime(held.expiresAt)}`;
        options.log.info(`Renewed ${described()}, ${until}`);
        return undefined;
    }
    /** One renewal at a time; a surprise inside it is a failed renewal like any other, never a rejection. */
    const startRenewal = (renew) => {
        renewing ??= renewNow(renew)
            .catch((err) => failed(unexpectedFailure(err)))
            .finally(() => {
            renewing = undefined;
        });
        return renewing;
    };
    return {
        current: () => held.credentials,
        facts,
        lapse: () => lapsed,
        renewIfDue() {
            if (lapsed)
                return Promise.resolve(lapsed.error);
            const signsNow = signs(held);
            if (signsNow && !renewalDue(endOf(held), obtainedAt, now()))
                return undefined;
            const { renew } = options;
            if (!renew)
                return signsNow ? undefined : Promise.resolve(end(expired(facts())));
            // While the current credentials sign, the renewal runs beside the calls (a slow or throttled STS holds
            // nothing up); once they would not, every call waits for it.
            if (signsNow) {
                if (now() >= askAgainAt)
                    void startRenewal(renew);
                return undefined;
            }
            return startRenewal(renew);
        },
    };
}
/** A renewal that threw (it should not: each source returns its failures): a failure with the thrown message. */
function unexpectedFailure(err) {
    const message = (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_1__/* .safeLine */ .om)(err?.message ?? String(err), 300);
    return {
        code: 'InternalError',
        message,
        title: 'the renewal failed unexpectedly',
        text: `The renewal failed unexpectedly: ${message}.`,
    };
}
/** The step was cancelled or ran out of time while a renewal ran: the call ends so, the credentials stand. */
function stoppedBy(options) {
    if (options.cancel?.aborted)
        return { name: _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_2__/* .CANCELLED */ .gD, message: 'the step was cancelled', retryClass: 'client' };
    if (options.timing.now() >= options.deadlineAt)
        return {
            name: _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_2__/* .TIMED_OUT */ .VP,
            message: 'timeout-seconds ran out while the credentials were being renewed',
            retryClass: 'client',
        };
    return undefined;
}
/** The source handed out credentials that had run out (by its own clock) before they could sign anything. */
function expiredOnArrival(renewed) {
    const at = isoTime(renewed.expiresAt ?? Infinity);
    return {
        code: _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_2__/* .CREDENTIALS_EXPIRED */ .j8,
        message: `the renewed credentials expire at ${at}: no time left to sign with them`,
        title: 'the new credentials had already expired',
        text: `The credential source handed out credentials that expire at ${at}, by its own clock no time from when it issued them: ` +
            'it hands out sessions that are already over.',
    };
}
/**
 * Whether credentials obtained at `obtainedAt` and signing until `expiresAt` (the same clock) are due for renewal
 * `now`: within the SDKs' 5-minute margin of their expiry, or past half their life when they live less than twice
 * that (a 900 s role session is renewed after 600 s; a 60 s one after 30 s).
 */
function renewalDue(expiresAt, obtainedAt, now) {
    if (expiresAt === undefined)
        return false;
    const lifetime = Math.max(0, expiresAt - obtainedAt);
    const margin = Math.min(_common_tunables_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIAL_RENEWAL */ .Rn.marginMs, lifetime * _common_tunables_js__WEBPACK_IMPORTED_MODULE_0__/* .CREDENTIAL_RENEWAL */ .Rn.shortLivedShare);
    return now >= expiresAt - margin;
}
function isoTime(ms) {
    return Number.isFinite(ms)
        ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
        : 'an unknown time';
}
/** When they expire, in words. */
function expiryWords(facts) {
    if (facts.expiresAt === undefined)
        return facts.origin !== 'environment'
            ? 'with no expiry given'
            : facts.expiryUnreadable
                ? 'with an AWS_CREDENTIAL_EXPIRATION that is no date, so no expiry known'
                : 'with no expiry given (AWS_CREDENTIAL_EXPIRATION is not set)';
    const from = facts.expirySource ? ` (${facts.expirySource})` : '';
    return `expiring at ${isoTime(facts.expiresAt)}${from}`;
}
/** The credentials the step signs with, in one clause: which, obtained when, expiring when, renewed how often. */
function credentialWords(facts) {
    const renewed = facts.renewals > 0 ? `, renewed ${facts.renewals} time${facts.renewals === 1 ? '' : 's'}` : '';
    // The environment's were made by an earlier step: this one only read them.
    const obtained = facts.origin === 'environment' ? 'read by this step at' : 'obtained at';
    return `${facts.described}, ${obtained} ${isoTime(facts.obtainedAt)}${renewed}, ${expiryWords(facts)}`;
}
/** The renewal failed: each later call ends with CredentialsNotRenewed, and the step reports why. */
function notRenewed(facts, failure) {
    return {
        error: {
            name: _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_2__/* .CREDENTIALS_NOT_RENEWED */ .IF,
            message: `${facts.described} could not be renewed before it expired: ${failure.title}`,
            retryClass: 'client',
        },
        failure,
    };
}
/** The source handed back credentials that expire no later than those it was asked to replace. */
function sameCredentials(described, renewed) {
    const until = renewed.expiresAt === undefined ? '' : ` (they expire at ${isoTime(renewed.expiresAt)})`;
    return {
        code: _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_2__/* .CREDENTIALS_NOT_RENEWED */ .IF,
        message: `asked to renew ${described}, the source handed back credentials that expire no later${until}`,
        title: 'the source gave no newer credentials',
        text: `Asked to renew ${described}, the credential source handed back credentials that expire no later than the old ones${until}.`,
    };
}
/** Credentials that cannot be renewed (the environment's) ran out: nothing more is signed with them. */
function expired(facts) {
    const at = facts.expiresAt === undefined ? '' : ` at ${isoTime(facts.expiresAt)}`;
    const message = `${facts.described} expired${at}${facts.expirySource ? ` (${facts.expirySource})` : ''}`;
    return {
        error: { name: _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_2__/* .CREDENTIALS_EXPIRED */ .j8, message, retryClass: 'client' },
        failure: {
            code: _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_2__/* .CREDENTIALS_EXPIRED */ .j8,
            message,
            title: 'the credentials expired',
            text: `${message}.`,
        },
    };
}


/***/ }),

/***/ 4902:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   keepCredentials: () => (/* binding */ keepCredentials),
/* harmony export */   resolveCredentials: () => (/* binding */ resolveCredentials),
/* harmony export */   resolveStsEndpoint: () => (/* binding */ resolveStsEndpoint)
/* harmony export */ });
/* harmony import */ var _credential_failures_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6314);
/* harmony import */ var _config_endpoint_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(578);
/* harmony import */ var _lasting_credentials_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(210);
/* harmony import */ var _common_tunables_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1101);
/* harmony import */ var _http_error_kinds_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5368);
/* harmony import */ var _common_safe_text_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5442);
/* harmony import */ var _token_claims_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9680);
// Gets the credentials that sign the request: the standard AWS chain, or a role assumed with the workflow's OIDC token.







/** Masked with the runner and known to the sinks before any line that could carry them is written (common/secrets.ts). */
function maskAll(secrets, c) {
    secrets.mask(c.accessKeyId);
    secrets.mask(c.secretAccessKey);
    secrets.mask(c.sessionToken);
}
/** Bounds a credential lookup by the deadline and by the step's cancellation. */
function deadlineRace(work, deps, deadlineAt) {
    const ms = Math.max(0, deadlineAt - deps.timing.now());
    let timer;
    let onCancel;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject((0,_http_error_kinds_js__WEBPACK_IMPORTED_MODULE_5__/* .errorOfKind */ .Oh)(_http_error_kinds_js__WEBPACK_IMPORTED_MODULE_5__/* .TIMED_OUT */ .VP, `no credentials within ${ms} ms`)), ms);
        onCancel = () => reject((0,_http_error_kinds_js__WEBPACK_IMPORTED_MODULE_5__/* .errorOfKind */ .Oh)(_http_error_kinds_js__WEBPACK_IMPORTED_MODULE_5__/* .CANCELLED */ .gD, 'the step was cancelled'));
        if (deps.cancel?.aborted)
            onCancel();
        else
            deps.cancel?.addEventListener('abort', onCancel, { once: true });
    });
    return Promise.race([work, timeout]).finally(() => {
        clearTimeout(timer);
        if (onCancel)
            deps.cancel?.removeEventListener('abort', onCancel);
    });
}
/**
 * A service's endpoint variable as the AWS SDKs read it (its own, then AWS_ENDPOINT_URL), held to the rules of the
 * action's own endpoint; undefined when neither is set.
 */
function checkedEndpointVariable(env, serviceVariable) {
    const configured = (0,_config_endpoint_js__WEBPACK_IMPORTED_MODULE_1__/* .configuredEndpoint */ .iw)(env, serviceVariable);
    if (!configured)
        return undefined;
    const { variable, raw } = configured;
    const problem = (0,_config_endpoint_js__WEBPACK_IMPORTED_MODULE_1__/* .endpointProblem */ .$Q)(raw);
    return problem ? { variable, problem } : { variable, url: new URL(raw) };
}
/** AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, as the SDKs read them; else regional STS. */
function resolveStsEndpoint(env, region, partition) {
    return (checkedEndpointVariable(env, 'AWS_ENDPOINT_URL_STS') ?? { url: (0,_config_endpoint_js__WEBPACK_IMPORTED_MODULE_1__/* .stsEndpoint */ .u1)(region, partition) });
}
/** The endpoint variables of the services the standard chain calls itself (each falls back to AWS_ENDPOINT_URL). */
const CHAIN_ENDPOINT_VARIABLES = [
    'AWS_ENDPOINT_URL_STS',
    'AWS_ENDPOINT_URL_SSO',
    'AWS_ENDPOINT_URL_SSO_OIDC',
    'AWS_ENDPOINT_URL_SIGNIN',
];
/** The standard chain, bounded by the deadline; every secret masked before anything is logged. */
async function fromChain(request, sources, deps) {
    // The chain's own calls (STS for a web identity token file or a profile's role, SSO) read the endpoint variables
    // too: plain http there would carry a token or signed credentials in clear, so it is refused before the chain runs.
    for (const service of CHAIN_ENDPOINT_VARIABLES) {
        const checked = checkedEndpointVariable(sources.env, service);
        if (checked?.problem)
            return {
                ok: false,
                failure: (0,_credential_failures_js__WEBPACK_IMPORTED_MODULE_0__.endpointVariableFailure)(checked.variable, checked.problem),
                attempts: 0,
            };
    }
    // A source profile's keys or an SSO token may be quoted back by the source that rejects them.
    for (const secret of await sources.chainSecrets())
        deps.secrets.remember(secret);
    try {
        const got = await deadlineRace(sources.chain(request.renewal ? { forceRefresh: true } : undefined), deps, request.policy.deadlineAt);
        const credentials = {
            accessKeyId: got.accessKeyId,
            secretAccessKey: got.secretAccessKey,
            ...(got.sessionToken ? { sessionToken: got.sessionToken } : {}),
        };
        maskAll(deps.secrets, credentials);
        const kind = credentials.sessionToken ? 'temporary' : 'long-term';
        const origin = got.fromEnvironment ? 'environment' : 'chain';
        deps.log.debug(`credentials from the ${origin === 'environment' ? 'environment' : 'standard chain'} (${kind})`);
        // An unreadable AWS_CREDENTIAL_EXPIRATION is an Invalid Date in the SDK too: no expiry known.
        const expiresAt = got.expiration?.getTime();
        const known = expiresAt !== undefined && Number.isFinite(expiresAt);
        return {
            ok: true,
            credentials,
            origin,
            ...(expiresAt !== undefined && !known ? { expiryUnreadable: true } : {}),
            ...(known
                ? {
                    expiresAt,
                    expirySource: origin === 'environment' ? 'AWS_CREDENTIAL_EXPIRATION' : 'the credential chain',
                }
                : {}),
            attempts: 0,
        };
    }
    catch (err) {
        // The chain's errors can quote an SSO or metadata reply, or a credential_process's output: the sinks scrub it.
        return { ok: false, failure: (0,_credential_failures_js__WEBPACK_IMPORTED_MODULE_0__.chainFailure)(err), attempts: 0 };
    }
}
/** The workflow's OIDC token exchanged at STS for the role's temporary credentials. */
async function fromRole(role, request, sources, deps) {
    if (!sources.idTokenAvailable)
        return { ok: false, failure: (0,_credential_failures_js__WEBPACK_IMPORTED_MODULE_0__.idTokenUnavailable)(role), attempts: 0 };
    const sts = resolveStsEndpoint(sources.env, request.region, request.partition);
    if (!sts.url) {
        const failure = (0,_credential_failures_js__WEBPACK_IMPORTED_MODULE_0__.endpointVariableFailure)(sts.variable ?? '', sts.problem ?? '');
        return { ok: false, failure, attempts: 0 };
    }
    let token;
    try {
        token = await deadlineRace(sources.getIdToken(role.audience, request.policy, deps), deps, request.policy.deadlineAt);
    }
    catch (err) {
        return {
            ok: false,
            failure: (0,_credential_failures_js__WEBPACK_IMPORTED_MODULE_0__.idTokenFailure)(err, role),
            attempts: 0,
        };
    }
    deps.secrets.mask(token);
    // The token as GitHub issued it, untouched: STS verifies its signature. Its claims, shown, pass the sinks.
    const claims = (0,_token_claims_js__WEBPACK_IMPORTED_MODULE_6__/* .tokenClaims */ .f)(token);
    const sub = (0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_4__/* .safeLine */ .om)((0,_token_claims_js__WEBPACK_IMPORTED_MODULE_6__/* .subjectOf */ .e)(claims) ?? 'unknown', 300);
    deps.log.info(`Assuming ${role.roleArn} as session ${role.sessionName} with the workflow's OIDC token (sub ${sub}) through ${sts.url.origin}`);
    // STS's request and XML replies load here: dist/'s role chunk (with the OIDC request), never loaded without role-to-assume.
    const { assumeRoleWithWebIdentity } = await Promise.all(/* import() | role */[__webpack_require__.e(609), __webpack_require__.e(118), __webpack_require__.e(156), __webpack_require__.e(61), __webpack_require__.e(139)]).then(__webpack_require__.bind(__webpack_require__, 8665));
    const outcome = await assumeRoleWithWebIdentity(sts.url, { ...role, webIdentityToken: token }, request.policy, deps);
    // Masked before any line below (or any later step) can print them; sendWithRetry never logs a success body.
    if (outcome.ok)
        maskAll(deps.secrets, outcome.value.credentials);
    const ids = { attempts: outcome.attempts, requestId: outcome.requestId };
    if (!outcome.ok) {
        const failure = (0,_credential_failures_js__WEBPACK_IMPORTED_MODULE_0__.stsCallFailure)(outcome, role, claims, request.region, request.timeoutMs);
        return { ok: false, failure, ...ids };
    }
    const assumed = outcome.value;
    deps.log.info(`Assumed ${(0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_4__/* .safeLine */ .om)(assumed.assumedRoleArn, 300)} (account ${assumed.accountId})`);
    // STS's Expiration is STS's time; without one, the session lasts what was asked for. On this runner's clock it
    // ends the session's life (Expiration less the reply's Date) after it came: no other service's clock moves it.
    const said = assumed.expiration === undefined ? NaN : Date.parse(assumed.expiration);
    const now = deps.timing.now();
    // A life no STS session has (a reply dated the year 275760) says the Date is wrong, not the Expiration.
    const life = assumed.lifetimeMs ?? NaN;
    const believed = life > 0 && life <= _common_tunables_js__WEBPACK_IMPORTED_MODULE_3__/* .CREDENTIAL_RENEWAL */ .Rn.longestSessionMs;
    const expiry = Number.isFinite(said)
        ? {
            expiresAt: said,
            ...(believed ? { signsUntil: now + life } : {}),
            expirySource: 'STS',
        }
        : {
            expiresAt: now + deps.clock.offsetMs + role.durationSeconds * 1000,
            signsUntil: now + role.durationSeconds * 1000,
            expirySource: 'role-duration-seconds',
        };
    return { ok: true, credentials: assumed.credentials, origin: 'role', ...expiry, assumed, ...ids };
}
function resolveCredentials(request, sources, deps) {
    return request.role
        ? fromRole(request.role, request, sources, deps)
        : fromChain(request, sources, deps);
}
/**
 * The step's hold on its credentials: the role session renewed through a new OIDC token and STS, the standard
 * chain asked again (its provider renews web identity, container, SSO and process credentials itself), the
 * environment's used until they run out.
 */
function keepCredentials(first, request, sources, deps) {
    const renew = first.origin === 'environment'
        ? undefined
        : async () => {
            // The same request as the first: a new OIDC token and STS call, or the chain asked again.
            const again = await resolveCredentials({ ...request, renewal: true }, sources, deps);
            if (!again.ok)
                return { ok: false, failure: again.failure };
            const held = {
                credentials: again.credentials,
                ...(again.expiresAt === undefined ? {} : { expiresAt: again.expiresAt }),
                ...(again.signsUntil === undefined ? {} : { signsUntil: again.signsUntil }),
            };
            return { ok: true, held };
        };
    return (0,_lasting_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .lastingCredentials */ .js)({
        origin: first.origin,
        describe: (credentials) => describedCredentials(first, credentials),
        first: {
            credentials: first.credentials,
            ...(first.expiresAt === undefined ? {} : { expiresAt: first.expiresAt }),
            ...(first.signsUntil === undefined ? {} : { signsUntil: first.signsUntil }),
        },
        ...(first.expirySource ? { expirySource: first.expirySource } : {}),
        ...(first.expiryUnreadable ? { expiryUnreadable: true } : {}),
        ...(renew ? { renew } : {}),
        deadlineAt: request.policy.deadlineAt,
        cancel: deps.cancel,
        timing: deps.timing,
        clock: deps.clock,
        log: deps.log,
    });
}
/** Which credentials these are, in words: never the key itself (its last four characters identify it). */
function describedCredentials(first, credentials) {
    const key = `access key ID ending in ${credentials.accessKeyId.slice(-4)}`;
    switch (first.origin) {
        case 'role':
            return `the role session ${(0,_common_safe_text_js__WEBPACK_IMPORTED_MODULE_4__/* .safeLine */ .om)(first.assumed?.assumedRoleArn ?? 'of role-to-assume', 300)} (role-to-assume)`;
        case 'environment':
            return `the environment's credentials (${key}, as an earlier step such as configure-aws-credentials exported them)`;
        case 'chain':
            return `the standard credential chain's credentials (${key})`;
    }
}


/***/ }),

/***/ 9680:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e: () => (/* binding */ subjectOf),
/* harmony export */   f: () => (/* binding */ tokenClaims)
/* harmony export */ });
// Reads the claims of the workflow's OIDC token (a JWT) without verifying it: STS verifies; these only explain a refusal.
/**
 * The claims of a JWT as the issuer wrote them, read without verifying it (to explain a trust-policy mismatch), or
 * undefined. Whatever a claim says reaches a reader only through the sinks, which scrub it (main.ts).
 */
function tokenClaims(jwt) {
    const part = jwt.split('.')[1];
    if (!part)
        return undefined;
    try {
        const parsed = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
        return parsed && typeof parsed === 'object' ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/** The token's `sub` claim (e.g. repo:OWNER/REPO:ref:refs/heads/main), if it has one. */
function subjectOf(claims) {
    return typeof claims?.sub === 'string' ? claims.sub : undefined;
}


/***/ }),

/***/ 3149:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ retryFailure)
/* harmony export */ });
/* harmony import */ var _common_failure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6191);
/* harmony import */ var _common_tunables_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1101);
/* harmony import */ var _error_kinds_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5368);
// The wording every service shares for a call that failed under the retry policy: why retrying stopped (the
// deadline, the attempts) or, for an error that is not retried, the service's answer and its advice.



/**
 * The failure of a call under the retry policy, in words a release engineer can act on: why retrying
 * stopped (deadline, attempts) or, for an error that is not retried, the service's own advice. Its text is
 * prose only, so a service may add to it.
 */
function retryFailure(outcome, service, timeoutMs, advice, maxAttempts) {
    const { error, attempts, elapsedMs } = outcome;
    const base = { code: error.name, message: error.message };
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
    const throttled = error.retryClass === 'throttling';
    if ((0,_error_kinds_js__WEBPACK_IMPORTED_MODULE_1__/* .isCredentialsLapsed */ .gg)(error))
        return {
            ...base,
            title: error.name,
            text: `${attempts ? `After ${tries}, n` : 'N'}o further request was sent: ${error.message}. ` +
                "The step's annotation says which credentials, when, and what to do.",
        };
    if (outcome.stop === 'deadline') {
        return {
            ...base,
            title: `Timed out: ${error.name}`,
            text: `timeout-seconds (${timeoutMs / 1000}) ran out after ${tries} in ${(0,_common_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .seconds */ .Y)(elapsedMs)}; the last attempt failed with ${said(error)}. ` +
                (throttled
                    ? `${service} throttled every attempt: spread parallel jobs out (strategy.max-parallel) or raise timeout-seconds.`
                    : 'Raise timeout-seconds, or re-run the job if the service was unavailable.'),
        };
    }
    if (outcome.stop === 'attempts') {
        return {
            ...base,
            title: `${error.name}: gave up after ${tries}`,
            text: 
            // Says who answered only of the last attempt: an earlier one may have been a reset or a timeout.
            `Gave up after ${tries} in ${(0,_common_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .seconds */ .Y)(elapsedMs)}; ` +
                lastAttempt(error, service) +
                (throttled
                    ? maxAttempts === 'auto'
                        ? `That is the most max-attempts auto makes (${_common_tunables_js__WEBPACK_IMPORTED_MODULE_0__/* .BACKOFF */ .hH.autoAttemptCeiling}): spread parallel jobs out (strategy.max-parallel), or run the step when the quota is less used.`
                        : 'Set max-attempts to auto (the default: retries until timeout-seconds) or higher, or spread parallel jobs out (strategy.max-parallel).'
                    : 'These faults are usually brief: re-run the job; if they persist, check the AWS Health Dashboard. Raising max-attempts or timeout-seconds rides out longer outages.'),
        };
    }
    return {
        ...base,
        title: error.name,
        text: `${service} ${error.status ? 'answered' : 'gave no answer:'} ${said(error)}. ${advice(error)}`,
    };
}
function said(error) {
    const id = error.requestId ? ` (request id ${error.requestId})` : '';
    const message = id ? error.message.replace(/\.$/, '') : error.message;
    return `${error.name}${error.status ? ` (HTTP ${error.status})` : ''}: ${message}${id}`;
}
/** What became of the last attempt: answered (a status came), sent and unanswered, or never delivered. */
function lastAttempt(error, service) {
    if (error.status !== undefined)
        return `${service} answered the last with ${said(error)}. `;
    if (error.unanswered)
        return `the last got no reply from ${service} (${said(error)}). `;
    return `the last did not reach ${service} (${said(error)}). `;
}


/***/ }),

/***/ 8891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startJobs: () => (/* binding */ startJobs)
});

// EXTERNAL MODULE: ./src/common/tunables.ts
var tunables = __webpack_require__(1101);
// EXTERNAL MODULE: ./src/aws/aws-json.ts
var aws_json = __webpack_require__(167);
// EXTERNAL MODULE: ./src/aws/error-names.ts
var error_names = __webpack_require__(7318);
// EXTERNAL MODULE: ./src/http/error-kinds.ts
var error_kinds = __webpack_require__(5368);
// EXTERNAL MODULE: ./src/http/request-preview.ts
var request_preview = __webpack_require__(9320);
// EXTERNAL MODULE: ./src/common/failure.ts
var failure = __webpack_require__(6191);
// EXTERNAL MODULE: ./src/http/retry-failure.ts
var retry_failure = __webpack_require__(3149);
// EXTERNAL MODULE: ./src/aws/lasting-credentials.ts
var lasting_credentials = __webpack_require__(210);
;// CONCATENATED MODULE: ./src/partner-central/job-failures.ts





const IAM_ACTION = 'partnercentral:StartResourceSnapshotJob';
const DESCRIBE_IAM_ACTION = 'partnercentral:GetResourceSnapshotJob';
function jobArn(ctx, job = ctx.jobIdentifier) {
    return `arn:${ctx.partition}:partnercentral:${ctx.region}:${ctx.accountId ?? '<account-id>'}:catalog/${ctx.catalog}/resource-snapshot-job/${job}`;
}
const REFRESH_CREDENTIALS = 'Credentials from aws-actions/configure-aws-credentials last role-duration-seconds (1 hour by default): run it closer to this step, raise its role-duration-seconds, or let this action assume the role itself with role-to-assume.';
function signer(ctx) {
    return ctx.signedAs ? ` (signed as ${ctx.signedAs})` : '';
}
/** The signing service: what a scope complaint about another service is measured against. */
const SIGNING_NAME = 'partnercentral-selling';
/**
 * Reads a SigV4 scope complaint out of the service's message, or undefined for any other signature error:
 * "Credential should be scoped to a valid region (us-east-1) and service (partnercentral-selling).",
 * "Credential should be scoped to a valid region, not 'eu-west-1'.", "... the region 'eu-west-1' is wrong;
 * expecting 'us-east-1'", "Credential should be scoped to correct service: 'sts'."
 */
function scopeComplaint(message) {
    const region = /scoped to (?:a valid|the correct|correct) region|the region '[a-z0-9-]+' is wrong/i;
    const service = /scoped to (?:a valid |the )?correct service(?::\s*'([a-z0-9-]+)')?/i;
    const expectedRegion = /valid region \(([a-z0-9-]+)\)/i.exec(message)?.[1] ??
        /expecting '([a-z0-9-]+)'/i.exec(message)?.[1];
    const named = /and service \(([a-z0-9-]+)\)/i.exec(message)?.[1] ?? service.exec(message)?.[1];
    const otherService = named && named !== SIGNING_NAME ? named : undefined;
    if (!region.test(message) && !service.test(message))
        return undefined;
    return {
        ...(expectedRegion ? { expectedRegion } : {}),
        ...(otherService ? { otherService } : {}),
    };
}
/** Where the request went, and where that endpoint came from. */
function endpointWords(ctx) {
    return ctx.endpointSource
        ? `${ctx.endpoint.origin} (from ${ctx.endpointSource})`
        : `${ctx.endpoint.origin} (region ${ctx.region}'s endpoint)`;
}
/** The advice for a credential scope the endpoint refused: about the region input and the endpoint. */
function scopeAdvice(scope, ctx) {
    if (scope.otherService)
        return (`The endpoint ${endpointWords(ctx)} expects requests signed for the service ${scope.otherService}, not ${SIGNING_NAME}: ` +
            'it is not a Partner Central Selling endpoint. Point endpoint (or AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING) at Partner Central Selling, or unset it.');
    const expected = scope.expectedRegion;
    const wants = expected
        ? `expects requests signed for region ${expected}`
        : `expects another signing region than ${ctx.region} (it did not say which; Partner Central Selling is documented in us-east-1)`;
    return (`The endpoint ${endpointWords(ctx)} ${wants}, and this step signs for region ${ctx.region} (the region input). ` +
        `Set region: ${expected ?? 'us-east-1'}, or point ${ctx.endpointSource ?? 'endpoint'} at an endpoint that serves ${ctx.region}. ` +
        'This is the signing region, not the credentials: the access key was not what the service refused.');
}
/** The advice for credentials AWS rejected: why, by the kind of rejection. */
function rejectedCredentialsAdvice(rejection, error, ctx) {
    switch (rejection) {
        case 'unknown-key':
            return `AWS does not know the access key ID${signer(ctx)}: the credentials are wrong, deleted, or belong to another partition than ${ctx.partition} (region ${ctx.region}). Check the step that provides the credentials.`;
        case 'bad-signature': {
            const scope = scopeComplaint(error.message);
            if (scope)
                return scopeAdvice(scope, ctx);
            return /expired|skew|time/i.test(error.message)
                ? "The request's time is too far from AWS's: fix the runner's clock (NTP)."
                : `The secret access key does not match the access key ID${signer(ctx)}, or something between the runner and AWS changed the request. Check AWS_SECRET_ACCESS_KEY, and that no proxy rewrites requests.`;
        }
        case 'expired':
            return expiredAdvice(ctx);
        case 'incomplete-signature':
            return 'The request reached AWS without a complete signature: a proxy or endpoint in between may strip the Authorization or X-Amz-* headers.';
    }
}
/**
 * AWS refused the credentials as expired: which credentials (obtained and expiring when, renewed how often), which
 * jobs had been started, and the fix for where they came from.
 */
function expiredAdvice(ctx) {
    const facts = ctx.credentialFacts?.();
    const started = ctx.startedJobs?.() ?? [];
    const which = facts
        ? `AWS refused them as expired: ${(0,lasting_credentials/* credentialWords */.ff)(facts)}.`
        : `The session token has expired${signer(ctx)}.`;
    // This job's own start is told by the text around the advice; the others are named here.
    const others = started.filter((j) => j !== ctx.jobIdentifier);
    const jobs = others.length
        ? ` ${started.includes(ctx.jobIdentifier) ? 'Other jobs started' : 'Started'} before this: ${others.join(', ')} (they are running: do not start them again by hand).`
        : started.length
            ? ''
            : ' No job had been started.';
    return which + jobs + expiredFix(facts);
}
/** What to do about credentials AWS refused as expired, by where they came from and whether they should have been. */
function expiredFix(facts) {
    // Refused well before the expiry the step was told: the session was revoked, or the expiry said is wrong.
    const early = facts?.expiresAt !== undefined && facts.at < facts.expiresAt - EARLY_REFUSAL_MS
        ? ` AWS refused them well before that expiry: the session was revoked${facts.origin === 'environment' ? ', or AWS_CREDENTIAL_EXPIRATION is stale' : ''}, or the runner's clock is off.`
        : '';
    switch (facts?.origin) {
        case 'role':
            return `${early} This step renews its role session 5 minutes before it expires, as the AWS SDKs do, and never signs with one it knows has expired: check that the role's sessions were not revoked, and the runner's time sync (NTP). Re-running the step is safe.`;
        case 'chain':
            return `${early} The standard chain's source handed out credentials that had run out: renew that source (aws sso login for an SSO profile, the web identity token file, the container's credentials), or let this action assume the role itself with role-to-assume.`;
        default:
            // Refused early, a longer session is no fix.
            return early || ` ${REFRESH_CREDENTIALS}`;
    }
}
/** A refusal this much before the expiry the step was told is no late renewal: something else ended the session. */
const EARLY_REFUSAL_MS = 60_000;
/** The advice for a Partner Central error that is not retried. */
function adviceFor(error, ctx, action = IAM_ACTION) {
    switch (error.name) {
        case error_names/* ACCESS_DENIED */.Fj: {
            const reason = error.reason
                ? ` Reason ${error.reason}${error.reason === 'INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE' ? ': the partner account is not in a state that allows this benefit; check its status in Partner Central' : ''}.`
                : '';
            return (`The credentials may not call ${action} on ${jobArn(ctx)}.${reason} ` +
                `Allow it in the role's permissions policy: {"Effect":"Allow","Action":"${action}","Resource":"${jobArn(ctx, '*')}"} ` +
                `(or "Resource":"*" with "Condition":{"StringEquals":{"partnercentral:Catalog":"${ctx.catalog}"}}), ` +
                'and check that the AWS account is linked to your Partner Central account.');
        }
        case error_names/* NOT_FOUND */.p2:
            return (`Check that ${ctx.jobIdentifier} exists in the ${ctx.catalog} catalog. A job belongs to one catalog: ` +
                `one created in Sandbox does not exist in AWS, and the reverse. List this catalog's jobs with ` +
                `"aws partnercentral-selling list-resource-snapshot-jobs --catalog ${ctx.catalog} --region ${ctx.region}", ` +
                'then set job-identifier (and catalog) to one of them.');
        case 'ValidationException': {
            const fields = (error.fieldErrors ?? [])
                .map((f) => `${f.fieldName ?? '(request)'}: ${f.code ?? 'INVALID'}${f.message ? ` - ${f.message}` : ''}`)
                .join('; ');
            const more = error.fieldErrorsOmitted
                ? `; and ${error.fieldErrorsOmitted} more not shown`
                : '';
            return (`The service rejected the request${error.reason ? ` (${error.reason})` : ''}. ` +
                (fields ? `Fields: ${fields}${more}. ` : '') +
                (error.reason === 'BUSINESS_VALIDATION_FAILED'
                    ? 'The request is well formed but the job cannot start in its current state; check the job and its engagement in Partner Central.'
                    : 'Check catalog and job-identifier.'));
        }
        default:
            break;
    }
    const rejection = (0,error_names/* credentialRejection */.tN)(error);
    if (rejection)
        return rejectedCredentialsAdvice(rejection, error, ctx);
    if ((0,error_kinds/* isRedirect */.N6)(error))
        return `The endpoint ${ctx.endpoint.origin} answered with a redirect. A signed request is never sent on to a redirect target: set endpoint to the address that serves the API.`;
    if ((0,error_kinds/* gotNoStatus */.oP)(error))
        return `Could not talk to ${ctx.endpoint.origin}. Behind a proxy, set HTTPS_PROXY (and NO_PROXY); with a private certificate authority, set NODE_EXTRA_CA_CERTS; with a VPC endpoint, set endpoint.`;
    return `Partner Central rejected the request; see the AWS Partner Central API reference for ${error.name}.`;
}
/** What an unanswered last start means (status unknown), first in its annotation. */
const UNANSWERED_START = 'The last request went out whole and no reply came, so the job may have started (status unknown). Re-running the step is safe: starting a job that is already running changes nothing.';
/**
 * Throttling that outlasted the retries: what no retry fixes. Partner Central's quotas belong to the partner account,
 * not to this step, and a day's worth may be spent.
 */
const SHARED_QUOTA = ' These quotas are per partner account and shared by every tool the partner runs (other workflows, CRM integrations, the console), ' +
    'and there are daily ones too: 10,000 writes and 100,000 reads in any rolling 24 hours. When throttling lasts, a daily quota may be spent: ' +
    "see the account's AWS Partner Central quotas in the Service Quotas console, and CloudTrail's partnercentral-selling events for which callers use them.";
/**
 * A Partner Central call that failed under the retry policy: retryFailure, plus, for throttling that lasted, the
 * quota it ran into and what no retry fixes.
 */
function partnerCentralFailure(outcome, ctx, advice, quota = 'Partner Central allows about 10 read requests per second per partner account.') {
    const failure = (0,retry_failure/* retryFailure */.L)(outcome, 'Partner Central', ctx.timeoutMs, advice, ctx.maxAttempts);
    if (outcome.stop !== 'client' && outcome.error.retryClass === 'throttling')
        failure.text += ` ${quota}${SHARED_QUOTA}`;
    return failure;
}
/** A failed StartResourceSnapshotJob call. */
function startFailure(outcome, ctx) {
    const failure = partnerCentralFailure(outcome, ctx, (error) => adviceFor(error, ctx), 'Partner Central allows about one write request per second per partner account.');
    // Status unknown: the annotation must not read as "not started".
    if (outcome.unanswered)
        failure.text = `${UNANSWERED_START} ${failure.text}`;
    return failure;
}
/**
 * A failed GetResourceSnapshotJob (describe-job). After a start, the job WAS started: the text says so first,
 * so nobody re-runs a release to start it again.
 */
function describeFailure(outcome, ctx, started) {
    const failure = partnerCentralFailure(outcome, ctx, (error) => (0,error_names/* isAccessDenied */.w7)(error)
        ? `${adviceFor(error, ctx, DESCRIBE_IAM_ACTION)} Or set describe-job: false.`
        : adviceFor(error, ctx, DESCRIBE_IAM_ACTION));
    const lead = started
        ? `The job ${ctx.jobIdentifier} was started (StartResourceSnapshotJob succeeded), but reading it back with GetResourceSnapshotJob failed. `
        : `The dry run could not read ${ctx.jobIdentifier} with GetResourceSnapshotJob. `;
    return {
        ...failure,
        title: `GetResourceSnapshotJob: ${failure.title}`,
        text: lead + failure.text,
    };
}
/** describe-job found the job not Running after it was started, and still not after re-reading it. */
function jobNotRunning(ctx, status, lastFailure, reads, waitedMs) {
    const shown = status ?? 'no status';
    const failureText = lastFailure
        ? ` Its last failure: ${/[.!?]$/.test(lastFailure) ? lastFailure : `${lastFailure}.`}`
        : ' It reports no last failure.';
    return {
        code: 'JobNotRunning',
        message: `job ${ctx.jobIdentifier} is ${shown} after it was started${lastFailure ? `: ${lastFailure}` : ''}`,
        title: `Job not running: ${ctx.jobIdentifier} is ${shown}`,
        text: `StartResourceSnapshotJob succeeded for ${ctx.jobIdentifier} in the ${ctx.catalog} catalog, but GetResourceSnapshotJob still shows it ${shown} ` +
            `after ${reads} read${reads === 1 ? '' : 's'} over ${(0,failure/* seconds */.Y)(waitedMs)}.${failureText} ` +
            'Check the job, its engagement and its resource snapshot template in Partner Central, then re-run the step (starting a job is idempotent).',
    };
}
const SNAPSHOT_IAM_ACTION = 'partnercentral:GetResourceSnapshot';
/** A snapshot lives under the catalog (its exact ARN form is not in the API's model): grant it catalog-wide. */
function snapshotAccessAdvice(ctx) {
    const resource = `arn:${ctx.partition}:partnercentral:${ctx.region}:${ctx.accountId ?? '<account-id>'}:catalog/${ctx.catalog}/*`;
    return (`The credentials may not call ${SNAPSHOT_IAM_ACTION}. ` +
        `Allow it in the role's permissions policy: {"Effect":"Allow","Action":"${SNAPSHOT_IAM_ACTION}","Resource":"${resource}"} ` +
        `(or "Resource":"*" with "Condition":{"StringEquals":{"partnercentral:Catalog":"${ctx.catalog}"}}). ` +
        `wait-for-snapshot needs ${DESCRIBE_IAM_ACTION} and ${SNAPSHOT_IAM_ACTION}; or set wait-for-snapshot: 0.`);
}
/**
 * A failed read of wait-for-snapshot (GetResourceSnapshotJob or GetResourceSnapshot). The text says FIRST
 * whether the job was started: the reads before the start come first, so then it was not; during the wait it was.
 */
function snapshotReadFailure(outcome, ctx, read, phase) {
    const failure = partnerCentralFailure(outcome, ctx, (error) => {
        if (!(0,error_names/* isAccessDenied */.w7)(error))
            return adviceFor(error, ctx, DESCRIBE_IAM_ACTION);
        return read === 'GetResourceSnapshot'
            ? snapshotAccessAdvice(ctx)
            : `${adviceFor(error, ctx, DESCRIBE_IAM_ACTION)} wait-for-snapshot reads the job first; or set wait-for-snapshot: 0.`;
    });
    const what = read === 'GetResourceSnapshot' ? 'its latest snapshot' : 'the job';
    const lead = phase === 'waiting'
        ? `The job ${ctx.jobIdentifier} WAS started (StartResourceSnapshotJob succeeded), but reading ${what} with ${read} while waiting for its snapshot failed; do not start it again by hand. `
        : phase === 'before-start'
            ? `The job ${ctx.jobIdentifier} was NOT started: reading ${what} with ${read} before the start (wait-for-snapshot) failed, so StartResourceSnapshotJob was not sent. `
            : `The dry run could not read ${what} of ${ctx.jobIdentifier} with ${read}. `;
    return { ...failure, title: `${read}: ${failure.title}`, text: lead + failure.text };
}
/** GetResourceSnapshotJob did not name what the job snapshots, so there is no snapshot to read or wait for. */
function snapshotTargetUnknown(ctx, missing) {
    return {
        code: 'SnapshotTargetUnknown',
        message: `GetResourceSnapshotJob did not report ${missing.join(', ')} for job ${ctx.jobIdentifier}`,
        title: `SnapshotTargetUnknown: ${ctx.jobIdentifier}`,
        text: `The job ${ctx.jobIdentifier} was NOT started: GetResourceSnapshotJob did not report its ${missing.join(', ')}, ` +
            'so its snapshot cannot be read and waited for. Check the job in Partner Central, or set wait-for-snapshot: 0.',
    };
}
/** The job reported a new LastFailure, or stopped, while waited for: it started, but took no new snapshot. */
function snapshotJobFailed(ctx, found, revision, waitedMs) {
    const latest = revision
        ? `its latest snapshot is still revision ${revision}`
        : 'it has no snapshot';
    const what = found.lastFailure
        ? `reported a new LastFailure: ${found.lastFailure}`
        : `reported that it stopped running (status ${found.status ?? 'none'})`;
    return {
        code: 'SnapshotJobFailed',
        message: found.lastFailure ??
            `${ctx.jobIdentifier} is ${found.status ?? 'without a status'} while waited for`,
        title: `SnapshotJobFailed: ${ctx.jobIdentifier} ${found.lastFailure ? 'reported a new LastFailure' : 'stopped'} while waited for`,
        text: `StartResourceSnapshotJob started ${ctx.jobIdentifier} in the ${ctx.catalog} catalog, but ${(0,failure/* seconds */.Y)(waitedMs)} later, while waiting for its snapshot, ` +
            `GetResourceSnapshotJob ${what}. No new snapshot was taken: ${latest}. ` +
            'Check the job, its engagement and its resource snapshot template in Partner Central, then re-run the step (starting a job is idempotent).',
    };
}
/** snapshot-directory could not be written: says where, and that the job's results stand. */
function snapshotFileFailed(ctx, directory, path, reason, started) {
    return {
        code: 'SnapshotFileError',
        message: `could not write ${path}: ${reason}`,
        title: `SnapshotFileError: snapshot-directory: could not write ${ctx.jobIdentifier}.json`,
        text: `snapshot-directory ${directory}: could not write ${path} (${reason}). ` +
            (started ? `The job ${ctx.jobIdentifier} WAS started; its results are as reported. ` : '') +
            "Check that the runner's user may create and write files in snapshot-directory.",
    };
}
/**
 * The snapshot was not written because the reply holds a secret of the step (a file has no sink to scrub it):
 * says so, that the job's results stand, and how to read the snapshot anyway.
 */
function snapshotHeldSecret(ctx, path, revision, started) {
    return {
        code: 'SnapshotHoldsSecret',
        message: `did not write ${path}: the GetResourceSnapshot reply holds a secret of this step`,
        title: `SnapshotHoldsSecret: ${ctx.jobIdentifier}.json not written`,
        text: `The latest snapshot of ${ctx.jobIdentifier} (revision ${revision}) holds a secret this step holds: a credential, a token, or a piece of ` +
            `one (12 characters or more). A file is never scrubbed, so ${path} was not written. ` +
            (started ? `The job ${ctx.jobIdentifier} WAS started; its results are as reported. ` : '') +
            `The snapshot is still readable through the API (GetResourceSnapshot, catalog ${ctx.catalog}, revision ${revision}); ` +
            "find out why the opportunity's data quotes a credential, and remove it from the data.",
    };
}

// EXTERNAL MODULE: ./src/config/action-contract.ts
var action_contract = __webpack_require__(3809);
// EXTERNAL MODULE: ./src/http/send-with-retry.ts + 1 modules
var send_with_retry = __webpack_require__(6455);
;// CONCATENATED MODULE: ./src/partner-central/operations.ts
// The two Partner Central operations this action calls: StartResourceSnapshotJob and GetResourceSnapshotJob,
// their payloads and replies, each sent under the retry policy.



const START_OPERATION = 'StartResourceSnapshotJob';
/**
 * Any 2xx status is success: the documented reply is an empty body, and whatever body comes with a 2xx
 * (`{}`, something unexpected, or one cut short) does not change that the service started the job.
 */
function readStartReply() { }
/** A signed request of one of the two operations on a job (both take the same two members). */
function signJobRequest(operation, job, credentials, signingTime) {
    return (0,aws_json/* signJsonRequest */.Tw)({
        endpoint: job.endpoint,
        region: job.region,
        operation,
        payload: { Catalog: job.catalog, ResourceSnapshotJobIdentifier: job.jobIdentifier },
        credentials,
        signingTime,
    });
}
/** The request a job's start sends, signed: for a dry run to show, and for the real call to send. */
function signStartRequest(job, credentials, signingTime) {
    return signJobRequest(START_OPERATION, job, credentials, signingTime);
}
function startResourceSnapshotJob(config, credentials, policy, deps) {
    return (0,send_with_retry/* sendWithRetry */.l)({
        label: START_OPERATION,
        beforeAttempt: () => credentials.renewIfDue(),
        build: (ctx) => signStartRequest(config, credentials.current(), ctx.signingTime),
        wire: aws_json/* AWS_JSON */.j7,
        parseSuccess: readStartReply,
        statusIsAnswer: true,
    }, policy, deps);
}
const DESCRIBE_OPERATION = 'GetResourceSnapshotJob';
const MEMBERS = {
    'job-arn': 'Arn',
    'job-status': 'Status',
    'engagement-id': 'EngagementId',
    'resource-type': 'ResourceType',
    'resource-id': 'ResourceId',
    'resource-arn': 'ResourceArn',
    'resource-snapshot-template-name': 'ResourceSnapshotTemplateName',
    'created-at': 'CreatedAt',
    'last-successful-execution-date': 'LastSuccessfulExecutionDate',
    'last-failure': 'LastFailure',
};
/**
 * A member exactly as the service wrote it (the snapshot read sends four of them back; outputs and the summary make
 * it safe to show). Dates arrive as RFC 3339 strings (timestampFormat date-time); an SDK-style epoch number is read too.
 */
function memberText(value, key) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' && Number.isFinite(value) && /-at$|-date$/.test(key))
        return new Date(value * 1000).toISOString();
    return undefined;
}
function readDescribeReply(res) {
    const parsed = res.body.trim() ? JSON.parse(res.body) : {};
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('expected a JSON object');
    const body = parsed;
    const out = {};
    for (const key of action_contract/* DESCRIPTION_KEYS */.sm) {
        const text = memberText(body[MEMBERS[key]], key);
        if (text !== undefined)
            out[key] = text;
    }
    return out;
}
function isRunning(d) {
    return d['job-status']?.toLowerCase() === 'running';
}
function getResourceSnapshotJob(job, credentials, policy, deps) {
    return (0,send_with_retry/* sendWithRetry */.l)({
        label: DESCRIBE_OPERATION,
        beforeAttempt: () => credentials.renewIfDue(),
        build: (ctx) => signJobRequest(DESCRIBE_OPERATION, job, credentials.current(), ctx.signingTime),
        wire: aws_json/* AWS_JSON */.j7,
        parseSuccess: readDescribeReply,
    }, policy, deps);
}

;// CONCATENATED MODULE: ./src/partner-central/job-read-back.ts
// describe-job after a start: the job read back, and read again while it is not yet Running, a few seconds at
// most and within the step's deadline.



/**
 * Reads a job just started; while it is not Running, reads it again every second for a few seconds
 * (a read is cheap), within the step's deadline.
 */
async function describeStarted(target, credentials, reads, ctx, deps) {
    const since = deps.timing.now();
    let count = 0;
    let requestId;
    for (;;) {
        const read = await getResourceSnapshotJob(target, credentials, reads, deps);
        count += 1;
        requestId = read.requestId ?? requestId;
        const ids = requestId ? { requestId } : {};
        if (!read.ok)
            return { failure: describeFailure(read, ctx, true), failedCall: read, ...ids };
        const description = read.value;
        if (isRunning(description))
            return { description, ...ids };
        const waited = deps.timing.now() - since;
        if (!mayReadAgain(waited, reads.deadlineAt, deps)) {
            const { 'job-status': status, 'last-failure': lastFailure } = description;
            return {
                description,
                failure: jobNotRunning(ctx, status, lastFailure, count, waited),
                ...ids,
            };
        }
        deps.log.info(`${target.jobIdentifier} is ${description['job-status'] ?? 'without a status'} just after the start; reading it again in ${tunables/* RUNNING_WAIT */.um.everyMs / 1000} s`);
        await deps.timing.sleep(tunables/* RUNNING_WAIT */.um.everyMs, deps.cancel);
    }
}
/** Another read of a job not yet Running fits RUNNING_WAIT and the step's deadline, and the step goes on. */
function mayReadAgain(waited, deadlineAt, deps) {
    return !(waited + tunables/* RUNNING_WAIT */.um.everyMs > tunables/* RUNNING_WAIT */.um.totalMs ||
        deps.timing.now() + tunables/* RUNNING_WAIT */.um.everyMs >= deadlineAt ||
        deps.cancel?.aborted);
}

;// CONCATENATED MODULE: ./src/partner-central/snapshot-job-role.ts
// GetSellingSystemSettings: the IAM role a catalog's snapshot jobs run as. Without one a job starts and runs but takes
// no snapshot, so a dry run fails on it and a wait for a snapshot warns at once. Reading it is an extra permission:
// a read that fails (denied, throttled, unreachable) is a notice, never what fails a release.



const SETTINGS_OPERATION = 'GetSellingSystemSettings';
const SETTINGS_IAM_ACTION = 'partnercentral:GetSellingSystemSettings';
/** AWS's managed policy for the role snapshot jobs run as. */
const JOB_ROLE_POLICY = 'AWSPartnerCentralSellingResourceSnapshotJobExecutionRolePolicy';
/** The role's ARN as the service wrote it; absent or empty: the catalog has none. */
function readSettingsReply(res) {
    const parsed = res.body.trim() ? JSON.parse(res.body) : {};
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('expected a JSON object');
    const arn = parsed.ResourceSnapshotJobRoleArn;
    if (arn !== undefined && arn !== null && typeof arn !== 'string')
        throw new Error('ResourceSnapshotJobRoleArn is not a string');
    return arn ? { roleArn: arn } : {};
}
function getSellingSystemSettings(target, credentials, policy, deps) {
    return (0,send_with_retry/* sendWithRetry */.l)({
        label: SETTINGS_OPERATION,
        beforeAttempt: () => credentials.renewIfDue(),
        build: (ctx) => (0,aws_json/* signJsonRequest */.Tw)({
            endpoint: target.endpoint,
            region: target.region,
            operation: SETTINGS_OPERATION,
            payload: { Catalog: target.catalog },
            credentials: credentials.current(),
            signingTime: ctx.signingTime,
        }),
        wire: aws_json/* AWS_JSON */.j7,
        parseSuccess: readSettingsReply,
    }, policy, deps);
}
/** Reads the catalog's settings once, under the step's read policy. */
async function readSnapshotJobRole(target, credentials, reads, deps) {
    const read = await getSellingSystemSettings(target, credentials, reads, deps);
    if (!read.ok)
        return { state: 'unread', failedCall: read };
    return read.value.roleArn ? { state: 'set', roleArn: read.value.roleArn } : { state: 'unset' };
}
/** How to give a catalog its snapshot job role. */
function setTheRole(target) {
    return (`Give the ${target.catalog} catalog a snapshot job role once: an IAM role with AWS's managed policy ${JOB_ROLE_POLICY}, ` +
        `named with PutSellingSystemSettings ("aws partnercentral-selling put-selling-system-settings --catalog ${target.catalog} ` +
        `--resource-snapshot-job-role-identifier <role ARN> --region ${target.region}").`);
}
/** A dry run found no snapshot job role: a real run would start jobs that never snapshot. */
function noSnapshotJobRole(target) {
    return {
        code: 'NoSnapshotJobRole',
        message: `the ${target.catalog} catalog has no snapshot job role (GetSellingSystemSettings names no ResourceSnapshotJobRoleArn)`,
        title: `No snapshot job role in the ${target.catalog} catalog`,
        text: `GetSellingSystemSettings names no ResourceSnapshotJobRoleArn for the ${target.catalog} catalog. Resource snapshot jobs run as that role: ` +
            'without it a job starts and runs but takes no snapshot, so this release would not reach its engagement. ' +
            setTheRole(target),
    };
}
/** wait-for-snapshot found no snapshot job role: said at once, before anything is waited for. */
function noJobRoleWarning(target) {
    return (`The ${target.catalog} catalog has no snapshot job role (GetSellingSystemSettings names no ResourceSnapshotJobRoleArn): ` +
        'the jobs start, but take no snapshot, so wait-for-snapshot will most likely see none. ' +
        setTheRole(target));
}
/** The settings could not be read: the role is not checked, and the step goes on. */
function jobRoleUnread(failed, target) {
    const { error } = failed;
    if ((0,error_names/* isAccessDenied */.w7)(error))
        return (`The ${target.catalog} catalog's snapshot job role was not checked: the credentials may not call ${SETTINGS_IAM_ACTION}. ` +
            'It is optional; allow it (Resource "*") to have the dry run and wait-for-snapshot check that jobs can take snapshots. The step goes on.');
    const id = error.requestId ? `, request id ${error.requestId}` : '';
    return (`The ${target.catalog} catalog's snapshot job role was not checked: ${SETTINGS_OPERATION} failed with ${error.name}` +
        `${error.status ? ` (HTTP ${error.status})` : ''}${id}: ${error.message}. The step goes on.`);
}

// EXTERNAL MODULE: ./src/common/safe-text.ts
var safe_text = __webpack_require__(5442);
// EXTERNAL MODULE: ./src/partner-central/snapshot-files.ts
var snapshot_files = __webpack_require__(7390);
;// CONCATENATED MODULE: ./src/partner-central/snapshots.ts
// GetResourceSnapshot: which snapshot (engagement, resource, template) a job takes, and its latest revision.
// The reply's Payload is partner data: it is kept only as the raw body for snapshot-directory, never logged.



const SNAPSHOT_OPERATION = 'GetResourceSnapshot';
/** The job's description names its snapshot; a member missing means there is nothing to read. */
function snapshotTargetOf(job, d) {
    const members = {
        engagementId: d['engagement-id'],
        resourceType: d['resource-type'],
        resourceId: d['resource-id'],
        templateName: d['resource-snapshot-template-name'],
    };
    const names = {
        engagementId: 'EngagementId',
        resourceType: 'ResourceType',
        resourceId: 'ResourceId',
        templateName: 'ResourceSnapshotTemplateName',
    };
    const missing = Object.keys(members)
        .filter((k) => !members[k])
        .map((k) => names[k]);
    if (missing.length)
        return { missing };
    return {
        catalog: job.catalog,
        region: job.region,
        endpoint: job.endpoint,
        engagementId: members.engagementId,
        resourceType: members.resourceType,
        resourceId: members.resourceId,
        templateName: members.templateName,
    };
}
/** Reads the reply's identifying members exactly as written; the Payload is never looked at. */
function readSnapshotReply(res) {
    let parsed;
    try {
        parsed = JSON.parse(res.body);
    }
    catch {
        // JSON.parse's message quotes the text around the fault: here that would be partner data.
        throw new Error('the body is not valid JSON');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('expected a JSON object');
    const body = parsed;
    const revision = body.Revision;
    if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1)
        throw new Error('expected a Revision of 1 or more');
    const created = body.CreatedAt;
    const createdAt = typeof created === 'string'
        ? created
        : typeof created === 'number' && Number.isFinite(created)
            ? new Date(created * 1000).toISOString()
            : undefined;
    return {
        revision,
        ...(typeof body.Arn === 'string' ? { arn: body.Arn } : {}),
        ...(createdAt ? { createdAt } : {}),
        bytes: res.bytes ?? Buffer.from(res.body, 'utf8'),
    };
}
/** The latest snapshot (no Revision member); ResourceNotFoundException becomes "none yet". */
async function getLatestSnapshot(target, credentials, policy, deps) {
    const outcome = await (0,send_with_retry/* sendWithRetry */.l)({
        label: SNAPSHOT_OPERATION,
        beforeAttempt: () => credentials.renewIfDue(),
        build: (ctx) => (0,aws_json/* signJsonRequest */.Tw)({
            endpoint: target.endpoint,
            region: target.region,
            operation: SNAPSHOT_OPERATION,
            payload: {
                Catalog: target.catalog,
                EngagementIdentifier: target.engagementId,
                ResourceType: target.resourceType,
                ResourceIdentifier: target.resourceId,
                ResourceSnapshotTemplateIdentifier: target.templateName,
            },
            credentials: credentials.current(),
            signingTime: ctx.signingTime,
        }),
        wire: aws_json/* AWS_JSON */.j7,
        parseSuccess: readSnapshotReply,
    }, policy, deps);
    if (!outcome.ok && (0,error_names/* isNotFound */.c4)(outcome.error))
        return {
            ok: true,
            value: undefined,
            attempts: outcome.attempts,
            elapsedMs: outcome.elapsedMs,
            ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
        };
    return outcome;
}

;// CONCATENATED MODULE: ./src/partner-central/snapshot-wait.ts
// wait-for-snapshot, one job at a time: its baseline (the job and its latest snapshot, read before the start), then
// reading it until a newer revision, a failure or the end of the wait; the file, the notice, and what the job's
// results entry gets (SnapshotFindings). A dry run reads the baseline only and reports it.







/** The waits of a step: their reads under the step's read policy, whose pacer every read shares. */
function snapshotWaits(options, credentials, reads, deps) {
    return {
        waitMs: options.waitMs,
        ...(options.directory ? { directory: options.directory } : {}),
        ...(options.files ? { files: options.files } : {}),
        holdsSecret: (text) => deps.secrets.holds(text),
        reader: {
            job: (target) => getResourceSnapshotJob(target, credentials, reads, deps),
            snapshot: (target) => getLatestSnapshot(target, credentials, reads, deps),
        },
        deadlineAt: reads.deadlineAt,
        readRatePerSecond: reads.pacer?.ratePerSecond ?? Infinity,
        waiting: 0,
    };
}
/** Reads the job, then its latest snapshot (GetResourceSnapshot without Revision): before a start, or in a dry run. */
async function readBaseline(job, waits, ctx, phase) {
    const described = await waits.reader.job(job);
    if (!described.ok)
        return readFailed(described, 'GetResourceSnapshotJob', ctx, phase);
    const description = described.value;
    const target = snapshotTargetOf(job, description);
    if ('missing' in target)
        return {
            ok: false,
            findings: { description, failure: snapshotTargetUnknown(ctx, target.missing) },
        };
    const latest = await waits.reader.snapshot(target);
    if (!latest.ok)
        return readFailed(latest, 'GetResourceSnapshot', ctx, phase, description);
    const readRequestId = latest.requestId ?? described.requestId;
    return {
        ok: true,
        baseline: {
            description,
            target,
            latest: latest.value,
            ...(readRequestId ? { readRequestId } : {}),
        },
    };
}
function readFailed(failedCall, read, ctx, phase, description) {
    return {
        ok: false,
        findings: {
            ...(description ? { description } : {}),
            failure: snapshotReadFailure(failedCall, ctx, read, phase),
            ...(failedCall.requestId ? { readRequestId: failedCall.requestId } : {}),
        },
        failedCall,
    };
}
/** A dry run: the reads prove both permissions; the latest snapshot is reported (and written), nothing waited for. */
async function reportLatestSnapshot(job, waits, ctx, deps) {
    const read = await readBaseline(job, waits, ctx, 'dry-run');
    if (!read.ok)
        return { findings: read.findings, ...(read.failedCall ? { failedCall: read.failedCall } : {}) };
    const { latest, description, readRequestId } = read.baseline;
    const written = await fileFor(job, latest, waits, ctx, false);
    deps.log.info(latest
        ? `Dry run: ${job.jobIdentifier}'s latest snapshot is revision ${latest.revision}${latest.createdAt ? `, taken ${latest.createdAt}` : ''}`
        : `Dry run: ${job.jobIdentifier} has no snapshot yet`);
    return {
        findings: {
            description,
            snapshot: { ...summaryOf(latest), ...(written.file ? { file: written.file } : {}) },
            ...(written.failure ? { failure: written.failure } : {}),
            ...(readRequestId ? { readRequestId } : {}),
        },
    };
}
/**
 * After a start: reads the job and its latest snapshot until a newer revision than the baseline, then writes the
 * file and says in one line how the wait ended. Runs alongside the later starts.
 */
async function waitForNewSnapshot(job, baseline, startedAt, waits, ctx, deps) {
    waits.waiting += 1;
    let end;
    try {
        end = await pollUntilNewer(job, baseline, startedAt, waits, deps);
    }
    finally {
        waits.waiting -= 1;
    }
    const { latest } = end;
    const revisionBefore = baseline.latest?.revision ?? 0;
    const written = await fileFor(job, latest, waits, ctx, true);
    let failure;
    if (end.readFailed)
        failure = snapshotReadFailure(end.readFailed.failedCall, ctx, end.readFailed.read, 'waiting');
    else if (end.jobFailed)
        failure = snapshotJobFailed(ctx, end.jobFailed, latest?.revision, end.waitedMs);
    failure ??= written.failure;
    // A failure has its error annotation; the other outcomes get one notice each.
    const line = noticeText(job.jobIdentifier, revisionBefore, end, waits);
    if (end.readFailed || end.jobFailed)
        deps.log.info(line);
    else
        deps.log.notice(line, 'wait-for-snapshot');
    return {
        snapshot: {
            revisionBefore,
            ...summaryOf(latest),
            ...(end.isNew === undefined ? {} : { isNew: end.isNew }),
            ...(written.file ? { file: written.file } : {}),
        },
        description: end.description,
        ...(failure ? { failure } : {}),
        ...(end.readRequestId ? { readRequestId: end.readRequestId } : {}),
    };
}
/** A revision newer than the baseline's (none before: any). */
function isNewer(latest, before) {
    return latest !== undefined && latest.revision > (before?.revision ?? 0);
}
/**
 * Reads the latest snapshot and the job every pollEveryMs() until the revision is newer than the baseline's, the
 * job fails or stops, a read fails, the step is cancelled, or the wait ends (a last read then).
 */
async function pollUntilNewer(job, baseline, startedAt, waits, deps) {
    const { timing, cancel } = deps;
    const endAt = Math.min(startedAt + waits.waitMs, waits.deadlineAt - tunables/* SNAPSHOT_WAIT */.N$.finalReadsMs);
    const cutShort = endAt < startedAt + waits.waitMs;
    let latest = baseline.latest;
    let description = baseline.description;
    let readRequestId = baseline.readRequestId;
    let seenRunning = false;
    const ended = (how) => ({
        latest,
        description,
        waitedMs: timing.now() - startedAt,
        ...(cutShort ? { cutShort } : {}),
        ...(readRequestId ? { readRequestId } : {}),
        ...how,
    });
    const failedRead = (read, failedCall) => failedCall.stop === 'cancelled'
        ? ended({ cancelled: true })
        : ended({ readFailed: { read, failedCall } });
    for (;;) {
        const inMs = nextPollInMs(endAt - timing.now(), pollEveryMs(waits.waiting, waits.readRatePerSecond));
        if (inMs > 0)
            await timing.sleep(inMs, cancel);
        if (cancel?.aborted)
            return ended({ cancelled: true });
        const snap = await waits.reader.snapshot(baseline.target);
        readRequestId = snap.requestId ?? readRequestId;
        if (!snap.ok)
            return failedRead('GetResourceSnapshot', snap);
        // A snapshot once seen does not go away; a "none" after one is the service's lag, not news.
        if (snap.value)
            latest = snap.value;
        const read = await waits.reader.job(job);
        readRequestId = read.requestId ?? readRequestId;
        if (read.ok)
            description = read.value;
        if (isNewer(latest, baseline.latest))
            return ended({ isNew: true });
        if (!read.ok)
            return failedRead('GetResourceSnapshotJob', read);
        const lastFailure = description['last-failure'];
        const status = description['job-status'];
        if (lastFailure && lastFailure !== baseline.description['last-failure'])
            return ended({ isNew: false, jobFailed: { lastFailure, ...(status ? { status } : {}) } });
        if (isRunning(description))
            seenRunning = true;
        else if (seenRunning || timing.now() - startedAt > tunables/* SNAPSHOT_WAIT */.N$.startGraceMs)
            return ended({ isNew: false, jobFailed: { ...(status ? { status } : {}) } });
        if (timing.now() >= endAt)
            return ended({ isNew: false });
    }
}
/** How often each of `waiting` jobs is read, so that together they stay within their share of the read quota. */
function pollEveryMs(waiting, readRatePerSecond) {
    const share = readRatePerSecond * tunables/* SNAPSHOT_WAIT */.N$.quotaShare;
    const fair = (Math.max(1, waiting) * tunables/* SNAPSHOT_WAIT */.N$.readsPerPoll * 1000) / share;
    return Math.max(tunables/* SNAPSHOT_WAIT */.N$.pollEveryMs, Math.ceil(fair));
}
/**
 * When to read next, `remainingMs` before the wait ends: every `everyMs` while a whole period and a least
 * gap remain; then the rest in two equal gaps (each at least minGapMs), or in one, so the last read falls on
 * the end of the wait and no two reads are closer than minGapMs.
 */
function nextPollInMs(remainingMs, everyMs) {
    if (remainingMs >= everyMs + tunables/* SNAPSHOT_WAIT */.N$.minGapMs)
        return everyMs;
    if (remainingMs >= 2 * tunables/* SNAPSHOT_WAIT */.N$.minGapMs)
        return Math.ceil(remainingMs / 2);
    return Math.max(0, remainingMs);
}
function summaryOf(latest) {
    if (!latest)
        return {};
    return {
        revision: latest.revision,
        ...(latest.arn ? { arn: latest.arn } : {}),
        ...(latest.createdAt ? { createdAt: latest.createdAt } : {}),
    };
}
/** The latest snapshot written to snapshot-directory (when set), or why it could not be. */
async function fileFor(job, latest, waits, ctx, started) {
    if (!latest || !waits.directory || !waits.files)
        return {};
    const written = await (0,snapshot_files/* writeSnapshotFile */.CD)(waits.files, waits.directory, job.jobIdentifier, latest.bytes, waits.holdsSecret);
    if (written.ok)
        return { file: written.path };
    if (written.heldSecret)
        return {
            failure: snapshotHeldSecret(ctx, (0,safe_text/* safeLine */.om)(written.path, 400), latest.revision, started),
        };
    return {
        failure: snapshotFileFailed(ctx, (0,safe_text/* safeLine */.om)(waits.directory, 300), (0,safe_text/* safeLine */.om)(written.path, 400), (0,safe_text/* safeLine */.om)(written.reason, 300), started),
    };
}
const revisionText = (n) => (n ? `revision ${n}` : 'no snapshot');
/** The one line per job: revision before -> after, and what it means. */
function noticeText(jobIdentifier, revisionBefore, end, waits) {
    const { waitMs } = waits;
    const after = end.latest?.revision ?? 0;
    const span = `${Math.round(end.waitedMs / 1000)} s`;
    const change = `${revisionText(revisionBefore)} -> ${revisionText(after)}`;
    if (end.isNew)
        return `${jobIdentifier}: new snapshot, ${change} after ${span}.`;
    if (end.cancelled)
        return `${jobIdentifier}: cancelled while waiting for its snapshot after ${span}; ${change}.`;
    if (end.readFailed)
        return (0,error_kinds/* isCredentialsLapsed */.gg)(end.readFailed.failedCall.error)
            ? `${jobIdentifier}: stopped waiting for its snapshot after ${span}: the step's credentials ran out; ${change}.`
            : `${jobIdentifier}: stopped waiting for its snapshot after ${span}: a read failed; ${change}.`;
    if (end.jobFailed)
        return `${jobIdentifier}: the job failed while waited for (after ${span}); ${change}.`;
    const cut = end.cutShort ? ` (timeout-seconds ended the wait of ${waitMs / 1000} s early)` : '';
    if (waits.noJobRole)
        return `${jobIdentifier}: no new snapshot within ${span}${cut}; ${after ? `the latest is revision ${after}` : 'there is none (snapshot-revision is empty)'}. ${NO_JOB_ROLE_NOTE}`;
    return after
        ? `${jobIdentifier}: no new snapshot within ${span}${cut}; the latest is revision ${after}: the resource may not have changed since revision ${after}.`
        : `${jobIdentifier}: no snapshot within ${span}${cut}, and none before: the resource may not have changed since the job was created, so there is no snapshot yet (snapshot-revision is empty).`;
}
/** What the no-new-snapshot notice says when the catalog has no snapshot job role. */
const NO_JOB_ROLE_NOTE = 'The catalog has no snapshot job role (GetSellingSystemSettings names no ResourceSnapshotJobRoleArn), so the job runs but takes no snapshot: set one with PutSellingSystemSettings (see the warning above).';

;// CONCATENATED MODULE: ./src/partner-central/jobs.ts
// Every job of the step, in input order: startJobs runs each through runJob (one job's life, top-down) and stops
// early only when a failure proves the rest would fail the same way. A dry run or a wait first reads the catalog's
// snapshot job role. Jobs waited for (wait-for-snapshot) finish alongside the later starts; every entry is finished
// before the step reports.










async function startJobs(run, deps) {
    const { config } = run;
    const waits = config.waitForSnapshotMs > 0
        ? snapshotWaits({
            waitMs: config.waitForSnapshotMs,
            directory: config.snapshotDirectory,
            files: run.files,
        }, run.credentials, run.reads, deps)
        : undefined;
    // A dry run proves the catalog's snapshot job role is set; a wait learns it before any job starts.
    const jobRole = config.dryRun || waits ? await checkSnapshotJobRole(config, run, deps) : undefined;
    if (waits && jobRole?.state === 'unset')
        waits.noJobRole = true;
    const results = [];
    const started = [];
    let requestId;
    let stopped;
    for (const jobIdentifier of config.jobIdentifiers) {
        // A cancelled step (SIGINT, SIGTERM: main.ts) starts no more jobs; those already waited for end their waits.
        if (!stopped && deps.cancel?.aborted)
            stopped = 'the step was cancelled';
        if (stopped) {
            results.push(Promise.resolve(notAttempted({ jobIdentifier, catalog: config.catalog }, stopped)));
            continue;
        }
        const ctx = { ...run.context(jobIdentifier), startedJobs: () => started };
        const job = { target: { ...config, jobIdentifier }, ctx };
        const done = config.dryRun
            ? await dryRunJob(job, run, waits, deps)
            : await runJob(job, run, waits, deps);
        results.push(done.result);
        if (done.started)
            started.push(jobIdentifier);
        stopped = done.stopsTheRest;
        // request-id: the last StartResourceSnapshotJob response of the step, whichever job it answered.
        requestId = done.requestId ?? requestId;
    }
    const failure = config.dryRun && jobRole?.state === 'unset' ? noSnapshotJobRole(config) : undefined;
    return {
        jobs: await Promise.all(results),
        ...(failure ? { failure } : {}),
        ...(requestId ? { requestId } : {}),
    };
}
/** GetSellingSystemSettings, once for the step: said in a line, a warning or a notice, never failing by itself. */
async function checkSnapshotJobRole(config, run, deps) {
    // An optional check: a few attempts within a few seconds, under the read pace.
    const policy = {
        ...run.reads,
        maxAttempts: config.maxAttempts === 'auto'
            ? tunables/* SETTINGS_READ */.Bw.maxAttempts
            : Math.min(config.maxAttempts, tunables/* SETTINGS_READ */.Bw.maxAttempts),
        deadlineAt: Math.min(run.reads.deadlineAt, deps.timing.now() + tunables/* SETTINGS_READ */.Bw.budgetMs),
    };
    const check = await readSnapshotJobRole(config, run.credentials, policy, deps);
    if (check.state === 'set')
        deps.log.info(`The ${config.catalog} catalog's snapshot jobs run as ${check.roleArn} (GetSellingSystemSettings)`);
    else if (check.state === 'unset' && !config.dryRun)
        deps.log.warning(noJobRoleWarning(config), 'No snapshot job role');
    else if (check.state === 'unread' && !endsTheStep(check.failedCall))
        deps.log.notice(jobRoleUnread(check.failedCall, config), 'Snapshot job role not checked');
    return check;
}
/** A cancel, or credentials that ran out: the step's own report says so, not a note about the settings. */
function endsTheStep(failed) {
    return failed.stop === 'cancelled' || (0,error_kinds/* isCredentialsLapsed */.gg)(failed.error);
}
/**
 * One job's life: its baseline (wait-for-snapshot reads the job and its latest snapshot BEFORE the start), the
 * start, then describe-job's read-back or the wait for a newer snapshot (which runs alongside the later starts).
 */
async function runJob(job, run, waits, deps) {
    const entry = firstFields(job);
    const baseline = waits
        ? await readBaseline(job.target, waits, job.ctx, 'before-start')
        : undefined;
    if (baseline && !baseline.ok) {
        const stop = stopReason(baseline.failedCall);
        // Nothing was started, and nothing about this job went wrong: it is not attempted, and why.
        if (baseline.failedCall && endsTheStep(baseline.failedCall))
            return settled(notAttempted(job.target, stop ?? 'the step stopped'), stop);
        return settled({ ...entry, status: 'failed', ...baseline.findings }, stop);
    }
    const start = await startResourceSnapshotJob(job.target, run.credentials, run.starts, deps);
    const requestId = start.requestId ? { requestId: start.requestId } : {};
    if (!start.ok) {
        const stop = stopReason(start);
        // Cancelled or out of time before its first request went out: not attempted, and why.
        if (start.attempts === 0)
            return settled(notAttempted(job.target, stop ?? start.error.message), stop);
        // Sent and never answered: it may have started (unknown).
        const status = start.unanswered ? 'unknown' : 'failed';
        const failure = startFailure(start, job.ctx);
        const failed = { ...entry, status, attempts: start.attempts, ...requestId, failure };
        return settled(failed, stop, start.requestId);
    }
    deps.log.info(`Started ${job.target.jobIdentifier} (${job.target.catalog}) after ${start.attempts} attempt${start.attempts === 1 ? '' : 's'}, request id ${start.requestId ?? 'none'}`);
    const started = {
        ...entry,
        status: 'started',
        attempts: start.attempts,
        ...requestId,
    };
    if (waits && baseline?.ok) {
        const waited = waitForNewSnapshot(job.target, baseline.baseline, deps.timing.now(), waits, job.ctx, deps);
        return {
            result: waited.then((findings) => ({ ...started, ...findings })),
            started: true,
            ...requestId,
        };
    }
    if (!run.config.describeJob)
        return { ...settled(started, undefined, start.requestId), started: true };
    const read = await describeStarted(job.target, run.credentials, run.reads, job.ctx, deps);
    const readBack = {
        ...(read.requestId ? { readRequestId: read.requestId } : {}),
        ...(read.description ? { description: read.description } : {}),
        ...(read.failure ? { failure: read.failure } : {}),
    };
    return {
        ...settled({ ...started, ...readBack }, stopReason(read.failedCall), start.requestId),
        started: true,
    };
}
/** dry-run: the signed request shown, not sent; the reads describe-job or wait-for-snapshot would make, made. */
async function dryRunJob(job, run, waits, deps) {
    // Signed as the real start would be: with credentials renewed first when they are due.
    const refused = await run.credentials.renewIfDue();
    if (refused) {
        const stop = credentialsStop(refused);
        return settled(notAttempted(job.target, stop), stop);
    }
    const signingTime = new Date(deps.timing.now() + deps.clock.offsetMs);
    const signed = await signStartRequest(job.target, run.credentials.current(), signingTime);
    const preview = (0,request_preview/* previewRequest */.q)(signed, aws_json/* SECRET_HEADERS */.KY);
    deps.log.info(`Dry run: would send ${preview.method} ${preview.url} ${preview.body}`);
    const shown = { ...firstFields(job), status: 'dry-run', preview };
    if (waits) {
        // The job and its latest snapshot read (and written), nothing waited for.
        const report = await reportLatestSnapshot(job.target, waits, job.ctx, deps);
        const { findings } = report;
        const failed = findings.failure && !findings.snapshot;
        return settled({ ...shown, ...findings, ...(failed ? { status: 'failed' } : {}) }, stopReason(report.failedCall));
    }
    if (!run.config.describeJob)
        return settled(shown);
    // describe-job: the job read, which proves it exists and the read is allowed.
    const read = await getResourceSnapshotJob(job.target, run.credentials, run.reads, deps);
    const readRequestId = read.requestId ? { readRequestId: read.requestId } : {};
    if (read.ok)
        return settled({ ...shown, ...readRequestId, description: read.value });
    const stop = stopReason(read);
    // Cancelled or out of time before its read went out: nothing was checked, as for a start not sent.
    if (read.attempts === 0)
        return settled(notAttempted(job.target, stop ?? read.error.message), stop);
    const failure = describeFailure(read, job.ctx, false);
    return settled({ ...shown, ...readRequestId, status: 'failed', failure }, stop);
}
/**
 * Why a failure proves every other job would fail the same way (the step was cancelled or is out of time, the
 * credentials themselves were rejected, or the endpoint cannot serve signed requests), or undefined.
 */
function stopReason(failed) {
    if (!failed)
        return undefined;
    const { error } = failed;
    if (failed.stop === 'cancelled')
        return 'the step was cancelled';
    if (failed.stop === 'deadline')
        return 'timeout-seconds ran out';
    if ((0,error_kinds/* isCredentialsLapsed */.gg)(error))
        return credentialsStop(error);
    if ((0,error_names/* isCredentialsRejected */.pJ)(error))
        return `the credentials were rejected (${error.name}), so every other job would be too`;
    if ((0,error_kinds/* isRedirect */.N6)(error))
        return 'the endpoint answered with a redirect, so every other job would get the same';
    if ((0,error_kinds/* isUnreachable */.R0)(error))
        return `the endpoint could not be reached (${error.name}), so every other job would fail the same way`;
    return undefined;
}
/** Why nothing more is sent once the step's credentials ran out (CredentialsNotRenewed, CredentialsExpired). */
function credentialsStop(error) {
    return error.name === error_kinds/* CREDENTIALS_EXPIRED */.j8
        ? "the step's credentials expired"
        : "the step's credentials could not be renewed";
}
/** The fields every entry starts with. */
function firstFields(job) {
    return { jobIdentifier: job.target.jobIdentifier, catalog: job.target.catalog, attempts: 0 };
}
function notAttempted({ jobIdentifier, catalog }, skipped) {
    return { jobIdentifier, catalog, status: 'not-attempted', attempts: 0, skipped };
}
/** A job whose entry is finished now, and what the step learns from it (the start's request id). */
function settled(result, stopsTheRest, requestId) {
    return { result: Promise.resolve(result), stopsTheRest, ...(requestId ? { requestId } : {}) };
}


/***/ })

};
