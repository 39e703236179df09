// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 The Gremlin Authors

// The built-in secret rules, as data. Regexes follow each provider's published token format
// (prefix, alphabet, length); examples are synthetic and assembled at runtime by `FakeToken`
// so that no literal credential-shaped string lives in the repository.

private typealias F = FakeToken

extension SecretRule {
    /// Every built-in rule, in priority order (specific rules before `generic-api-key`).
    public static let builtIn: [SecretRule] = [
        awsAccessToken, awsSecretKey, gcpAPIKey, gcpServiceAccount, azureStorageKey,
        githubPAT, githubFineGrainedPAT, githubOAuth, githubAppToken, gitlabPAT,
        slackBotToken, slackUserToken, slackWebhookURL, privateKey, jwt, stripeAccessToken,
        npmAccessToken, pypiUploadToken, openAIAPIKey, anthropicAPIKey, hfAccessToken,
        sendgridAPIToken, twilioAPIKey, urlCredentials, genericAPIKey,
    ]

    static let awsAccessToken = SecretRule(
        id: "aws-access-token",
        description: "AWS access key ID (long-term AKIA, temporary ASIA and related prefixes)",
        pattern: #"\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b"#,
        keywords: ["akia", "asia", "abia", "acca", "a3t"],
        minEntropy: 3.0,
        truePositives: [
            "aws_access_key_id = " + "AKIA" + F.base32(16, 1),
            "export AWS_ACCESS_KEY_ID=\"" + "ASIA" + F.base32(16, 2) + "\"",
        ],
        falsePositives: [
            "aws_access_key_id = " + "AKIA" + "IOSFODNN7" + "EXAMPLE",
            "AKIA" + F.base32(16, 3).lowercased(),
            "id = " + "AKIA" + F.base32(12, 4),
        ])

    static let awsSecretKey = SecretRule(
        id: "aws-secret-key",
        description: "AWS secret access key assigned to an aws/secret-access-key name",
        pattern:
            #"(?i)(?:aws[_.\-]?)?secret[_.\-]?(?:access[_.\-]?)?key["']?\s*(?::=|=>|=|:)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"#,
        keywords: ["secret"],
        minEntropy: 3.5,
        gate: ValueRunGate(
            allowed: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+", lengths: 40...40,
            quoted: false),
        truePositives: [
            "aws_secret_access_key = " + F.b64(40, 10),
            "\"SecretAccessKey\": \"" + F.b64(40, 11) + "\",",
            "AWS_SECRET_ACCESS_KEY: " + F.b64(40, 12),
        ],
        falsePositives: [
            "aws_secret_access_key = " + "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY",
            "aws_secret_access_key = " + String(repeating: "ab", count: 20),
            "aws_secret_access_key = os.environ['AWS_SECRET_ACCESS_KEY']",
        ])

    static let gcpAPIKey = SecretRule(
        id: "gcp-api-key",
        description: "Google Cloud / Firebase API key",
        pattern: #"\b(AIza[0-9A-Za-z_\-]{35})(?![0-9A-Za-z_\-])"#,
        keywords: ["aiza"],
        minEntropy: 3.0,
        truePositives: [
            "GOOGLE_API_KEY=" + "AIza" + F.b64url(35, 20),
            "\"apiKey\": \"" + "AIza" + F.b64url(35, 21) + "\"",
        ],
        falsePositives: [
            "AIza" + F.b64url(20, 22),
            "AIza" + F.b64url(35, 23) + "extra",
        ])

    static let gcpServiceAccount = SecretRule(
        id: "gcp-service-account",
        description: "Google Cloud service-account key file (private_key_id of a JSON key)",
        pattern: #""private_key_id"\s*:\s*"([a-f0-9]{40})""#,
        keywords: ["private_key_id"],
        minEntropy: 3.0,
        truePositives: [
            "  \"private_key_id\": \"" + F.hex(40, 30) + "\","
        ],
        falsePositives: [
            "  \"private_key_id\": \"\",",
            "  \"private_key_id\": \"" + F.hex(12, 31) + "\",",
            "  \"client_id\": \"" + F.digits(21, 32) + "\",",
        ])

    static let azureStorageKey = SecretRule(
        id: "azure-storage-key",
        description: "Azure Storage account key (connection string AccountKey or assignment)",
        pattern:
            #"(?i)(?:AccountKey|azure[_.\-]?storage[_.\-]?(?:account[_.\-]?)?key)["']?\s*(?:=|:)\s*["']?([A-Za-z0-9+/]{86}==)"#,
        keywords: ["accountkey", "azure"],
        minEntropy: 4.0,
        truePositives: [
            "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + F.b64(86, 40)
                + "==;EndpointSuffix=core.windows.net",
            "AZURE_STORAGE_KEY=\"" + F.b64(86, 41) + "==\"",
        ],
        falsePositives: [
            "AccountKey=" + F.b64(40, 42) + "==",
            "AccountKey=<storage-account-key>",
        ])

    static let githubPAT = SecretRule(
        id: "github-pat",
        description: "GitHub classic personal access token",
        pattern: #"\b(ghp_[A-Za-z0-9]{36})\b"#,
        keywords: ["ghp_"],
        minEntropy: 3.0,
        truePositives: [
            "GITHUB_TOKEN=" + "ghp_" + F.alnum(36, 50),
            "token: '" + "ghp_" + F.alnum(36, 51) + "'",
        ],
        falsePositives: [
            "ghp_" + F.alnum(20, 52),
            "ghp_" + String(repeating: "x", count: 36),
            "ghp_" + String(repeating: "a1", count: 18),
        ])

    static let githubFineGrainedPAT = SecretRule(
        id: "github-fine-grained-pat",
        description: "GitHub fine-grained personal access token",
        pattern: #"\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b"#,
        keywords: ["github_pat_"],
        minEntropy: 3.0,
        truePositives: [
            "GH_TOKEN=" + "github_pat_" + F.alnum(22, 60) + "_" + F.alnum(59, 61)
        ],
        falsePositives: [
            "github_pat_" + F.alnum(22, 62),
            "github_pat_" + F.alnum(22, 63) + "-" + F.alnum(59, 64),
        ])

    static let githubOAuth = SecretRule(
        id: "github-oauth",
        description: "GitHub OAuth access token",
        pattern: #"\b(gho_[A-Za-z0-9]{36})\b"#,
        keywords: ["gho_"],
        minEntropy: 3.0,
        truePositives: ["oauth_token: " + "gho_" + F.alnum(36, 70)],
        falsePositives: ["gho_" + F.alnum(35, 71) + "-x", "echo_" + F.alnum(36, 72)])

    static let githubAppToken = SecretRule(
        id: "github-app-token",
        description: "GitHub App user-to-server or server-to-server token",
        pattern: #"\b((?:ghu|ghs)_[A-Za-z0-9]{36})\b"#,
        keywords: ["ghu_", "ghs_"],
        minEntropy: 3.0,
        truePositives: ["token=" + "ghs_" + F.alnum(36, 80), "\"" + "ghu_" + F.alnum(36, 81) + "\""],
        falsePositives: ["ghs_" + F.alnum(30, 82), "ghz_" + F.alnum(36, 83)])

    static let gitlabPAT = SecretRule(
        id: "gitlab-pat",
        description: "GitLab personal access token",
        pattern: #"\b(glpat-[A-Za-z0-9_\-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,9})?)(?![A-Za-z0-9_\-])"#,
        keywords: ["glpat-"],
        minEntropy: 3.0,
        truePositives: [
            "GITLAB_TOKEN=" + "glpat-" + F.b64url(20, 90),
            "private_token = \"" + "glpat-" + F.b64url(27, 91) + ".01." + F.hex(9, 92) + "\"",
        ],
        falsePositives: ["glpat-" + F.alnum(12, 93), "glpat-" + String(repeating: "x", count: 20)])

    static let slackBotToken = SecretRule(
        id: "slack-bot-token",
        description: "Slack bot user OAuth token",
        pattern: #"\b(xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24,34})\b"#,
        keywords: ["xoxb-"],
        minEntropy: 3.0,
        truePositives: [
            "SLACK_BOT_TOKEN=" + "xoxb-" + F.digits(12, 100) + "-" + F.digits(13, 101) + "-" + F.alnum(24, 102)
        ],
        falsePositives: ["xoxb-" + F.digits(12, 103) + "-" + F.alnum(24, 104), "xoxb-your-token-here"])

    static let slackUserToken = SecretRule(
        id: "slack-user-token",
        description: "Slack user OAuth token",
        pattern: #"\b(xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32})\b"#,
        keywords: ["xoxp-"],
        minEntropy: 3.0,
        truePositives: [
            "xoxp-" + F.digits(11, 110) + "-" + F.digits(11, 111) + "-" + F.digits(12, 112) + "-" + F.hex(32, 113)
        ],
        falsePositives: ["xoxp-" + F.digits(11, 114) + "-" + F.hex(32, 115)])

    static let slackWebhookURL = SecretRule(
        id: "slack-webhook-url",
        description: "Slack incoming-webhook or workflow URL",
        pattern:
            #"(https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_]{6,14}/[A-Za-z0-9_]{6,14}/[A-Za-z0-9_/]{16,})"#,
        keywords: ["hooks.slack.com"],
        minEntropy: 3.0,
        secretGroup: 1,
        truePositives: [
            "webhook: " + "https://hooks." + "slack.com/services/T" + F.base32(10, 120) + "/B" + F.base32(10, 121) + "/"
                + F.alnum(24, 122)
        ],
        falsePositives: [
            "https://hooks." + "slack.com/services/T00000000/B00000000/" + String(repeating: "X", count: 24),
            "see https://api.slack.com/messaging/webhooks",
        ])

    static let privateKey = SecretRule(
        id: "private-key",
        description: "PEM or OpenSSH private key block",
        pattern:
            #"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,20000}?-----END[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----"#,
        // The header's own end, not the phrase: TLS code mentions "private key" on every page.
        keywords: ["private key-----", "private key block-----"],
        secretGroup: 0,
        multiline: true,
        validate: { SecretHeuristics.longestBase64Run($0) >= 40 },
        truePositives: [
            "-----BEGIN " + "RSA PRIVATE KEY-----\n"
                + (0..<6).map { F.b64(64, 130 + UInt64($0)) }.joined(separator: "\n")
                + "\n" + F.b64(20, 137) + "==\n-----END " + "RSA PRIVATE KEY-----\n",
            "key = \"-----BEGIN " + "OPENSSH PRIVATE KEY-----\\n" + F.b64(70, 140) + "\\n" + F.b64(70, 141)
                + "\\n-----END " + "OPENSSH PRIVATE KEY-----\\n\"",
        ],
        falsePositives: [
            "let header = \"-----BEGIN " + "PRIVATE KEY-----\"",
            "let begin = \"-----BEGIN " + "PRIVATE KEY-----\"\nlet end = \"-----END " + "PRIVATE KEY-----\"",
            "-----BEGIN " + "PUBLIC KEY-----\n" + F.b64(64, 142) + "\n-----END " + "PUBLIC KEY-----",
        ])

    static let jwt = SecretRule(
        id: "jwt",
        description: "Signed JSON Web Token",
        pattern: #"\b(eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{16,})(?![A-Za-z0-9_\-])"#,
        keywords: ["eyj"],
        minEntropy: 3.0,
        truePositives: [
            "Authorization: Bearer " + "eyJ" + F.b64url(33, 150) + ".eyJ" + F.b64url(60, 151) + "." + F.b64url(43, 152)
        ],
        falsePositives: [
            "eyJ" + F.b64url(33, 153) + ".eyJ" + F.b64url(60, 154) + ".",
            "eyJ" + F.b64url(33, 155),
        ])

    static let stripeAccessToken = SecretRule(
        id: "stripe-access-token",
        description: "Stripe secret or restricted API key",
        pattern: #"\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,99})\b"#,
        keywords: ["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
        minEntropy: 3.0,
        truePositives: [
            "STRIPE_SECRET_KEY=" + "sk_live_" + F.alnum(24, 160),
            "stripe.api_key = '" + "rk_test_" + F.alnum(99, 161) + "'",
        ],
        falsePositives: ["pk_live_" + F.alnum(24, 162), "sk_live_" + F.alnum(10, 163)])

    static let npmAccessToken = SecretRule(
        id: "npm-access-token",
        description: "npm access token",
        pattern: #"\b(npm_[A-Za-z0-9]{36})\b"#,
        keywords: ["npm_"],
        minEntropy: 3.0,
        truePositives: ["//registry.npmjs.org/:_authToken=" + "npm_" + F.alnum(36, 170)],
        falsePositives: ["npm_" + F.alnum(20, 171), "NPM_CONFIG_REGISTRY=https://registry.npmjs.org/"])

    static let pypiUploadToken = SecretRule(
        id: "pypi-upload-token",
        description: "PyPI / TestPyPI upload token (macaroon for pypi.org)",
        pattern: #"\b(pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,})"#,
        keywords: ["pypi-ageichlwas5vcmc", "pypi-agendgvzdc5wexbplm9yzw"],
        minEntropy: 3.0,
        truePositives: ["password = " + "pypi-" + "AgEIcHlwaS5vcmc" + F.b64url(120, 180)],
        falsePositives: ["pypi-" + "AgEIcHlwaS5vcmc" + F.b64url(20, 181), "pypi-" + F.b64url(80, 182)])

    static let openAIAPIKey = SecretRule(
        id: "openai-api-key",
        description: "OpenAI API key (legacy, project, service-account or admin)",
        pattern:
            #"\b(sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_\-]{20,200}T3BlbkFJ[A-Za-z0-9_\-]{20,200})(?![A-Za-z0-9_\-])"#,
        keywords: ["t3blbkfj"],
        minEntropy: 3.0,
        truePositives: [
            "OPENAI_API_KEY=" + "sk-" + F.alnum(20, 190) + "T3Blbk" + "FJ" + F.alnum(20, 191),
            "openai.api_key = \"" + "sk-proj-" + F.b64url(74, 192) + "T3Blbk" + "FJ" + F.b64url(74, 193) + "\"",
        ],
        falsePositives: ["sk-" + F.alnum(48, 194), "T3Blbk" + "FJ" + F.alnum(20, 195)])

    static let anthropicAPIKey = SecretRule(
        id: "anthropic-api-key",
        description: "Anthropic API or admin key",
        pattern: #"\b(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_\-]{80,120})(?![A-Za-z0-9_\-])"#,
        keywords: ["sk-ant-"],
        minEntropy: 3.0,
        truePositives: ["ANTHROPIC_API_KEY=" + "sk-ant-" + "api03-" + F.b64url(93, 200) + "AA"],
        falsePositives: ["sk-ant-" + "api03-" + F.b64url(30, 201), "sk-ant-" + "..."])

    static let hfAccessToken = SecretRule(
        id: "hf-access-token",
        description: "Hugging Face user access token",
        pattern: #"\b(hf_[A-Za-z]{34})\b"#,
        keywords: ["hf_"],
        minEntropy: 3.5,
        truePositives: [
            "HF_TOKEN=" + "hf_" + F.letters(34, 210), "huggingface-cli login --token " + "hf_" + F.letters(34, 211),
        ],
        falsePositives: ["hf_" + F.letters(20, 212), "hf_" + F.alnum(34, 213) + "_", "HF_HOME=/cache/hf_models"])

    static let sendgridAPIToken = SecretRule(
        id: "sendgrid-api-token",
        description: "SendGrid API key",
        pattern: #"\b(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})(?![A-Za-z0-9_\-])"#,
        keywords: ["sg."],
        minEntropy: 3.0,
        truePositives: ["SENDGRID_API_KEY=" + "SG." + F.b64url(22, 220) + "." + F.b64url(43, 221)],
        falsePositives: ["SG." + F.b64url(22, 222), "msg.send(to: address)"])

    static let twilioAPIKey = SecretRule(
        id: "twilio-api-key",
        description: "Twilio API key SID",
        pattern: #"\b(SK[0-9a-fA-F]{32})\b"#,
        keywords: ["sk"],
        minEntropy: 3.0,
        truePositives: ["TWILIO_API_KEY=" + "SK" + F.hex(32, 230)],
        falsePositives: ["SK" + F.hex(20, 231), "task = " + F.hex(32, 232), "SK" + String(repeating: "0", count: 32)])

    /// The secret is the URL up to its host, so the preview shows only the scheme and the
    /// fingerprint changes with the user, the password or the host.
    static let urlCredentials = SecretRule(
        id: "url-credentials",
        description: "URL with a user and password in it (scheme://user:password@host)",
        pattern:
            #"(?i)\b([a-z][a-z0-9+.\-]{1,31}://[^\s:@/?#"'`<>\\]*:[^\s@/?#"'`<>\\]+@[a-z0-9\-._~\[\]]*[a-z0-9\]])"#,
        keywords: ["://"],
        validate: { SecretHeuristics.hasRealPassword(inURL: $0) },
        truePositives: [
            "\turl = https://deploy:" + F.alnum(20, 250) + "@git.internal.corp/ml/weights.git",
            "DATABASE_URL=postgres://svc:" + F.alnum(12, 251) + "%21" + F.alnum(6, 252) + "@db.prod:5432/app",
        ],
        falsePositives: [
            "url = https://git.internal.corp/ml/weights.git",
            "ssh://git@git.internal.corp:2222/ml/weights.git",
            "DATABASE_URL=postgres://svc:${DB_PASSWORD}@db.prod:5432/app",
            "DATABASE_URL=postgres://svc:$DB_PASSWORD@db.prod/app",
            "f\"postgresql://{user}:{password}@{host}/db\"",
            "https://user:<password>@host.corp/x",
            "https://user:***@host.corp/x",
            "https://user:password@host.corp/x",
            "mysql://root:%s@localhost/db",
        ])

    /// Keyword names a generic secret may be assigned to.
    static let genericNames =
        #"(?:api[_.\-]?key|apikey|secret|token|passw(?:or)?d|pwd|credentials?|access[_.\-]?key|private[_.\-]?key|auth[_.\-]?key)"#
    static let genericValue = #"([A-Za-z0-9_\-+/=.~!@#%^&*]{16,128})"#
    /// `genericValue`'s class, for the gate of `generic-api-key`'s quoted shape.
    static let genericValueBytes = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=.~!@#%^&*"

    static let genericAPIKey = SecretRule(
        id: "generic-api-key",
        description: "High-entropy value assigned to a key, secret, token or password name",
        // Two shapes: a quoted literal assigned anywhere in a line (code, JSON, YAML), or an
        // unquoted value when the name starts the line (.env, .ini, YAML): unquoted values in
        // the middle of code are expressions, not literals.
        pattern: #"(?i)"# + genericNames
            + #"[a-z0-9_.\-]*["'`]?(?:[ \t]*:[ \t]*[a-z_][a-z0-9_.?!<>\[\]]*)?[ \t]*(?::=|=>|=|:)[ \t]*b?["'`]"#
            + genericValue + #"["'`]"#,
        linePattern: #"(?i)[ \t]*(?:export[ \t]+)?["']?[a-z0-9_.\-]*"# + genericNames
            + #"[a-z0-9_.\-]*["']?[ \t]*(?:=|:)[ \t]*"# + genericValue + #"[ \t]*(?:$|#)"#,
        keywords: ["key", "secret", "token", "passw", "pwd", "credential"],
        minEntropy: 3.5,
        generic: true,
        validate: {
            SecretHeuristics.hasDigit($0) && SecretHeuristics.hasLetter($0) && !SecretHeuristics.looksLikeCode($0)
        },
        gate: ValueRunGate(allowed: genericValueBytes, lengths: 16...128, quoted: true),
        lineGate: LineAssignmentGate(nameBytes: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-"),
        truePositives: [
            "API_KEY=" + F.alnum(32, 240),
            "  \"client_secret\": \"" + F.b64url(40, 241) + "\",",
            "db_password = '" + F.alnum(12, 242) + "!" + F.alnum(8, 243) + "'",
            "let apiKey: String = \"" + F.alnum(32, 244) + "\"",
            "auth_token: " + F.hex(40, 245),
        ],
        falsePositives: [
            "password = \"${DB_PASSWORD}\"",
            "api_key = os.environ[\"API_KEY\"]",
            "token = \"abcdefghijklmnopqrstuvwxyz\"",
            "secret_key = \"your-secret-key-here-123\"",
            "static let tokenKey = \"com.example.app.token\"",
            "let token = try await client.refreshAccessToken(for: user)",
            "password: \"changeme1234567890\"",
            "keyPath = \\Foo.bar.baz",
            "secret = \"" + String(repeating: "a1", count: 10) + "\"",
            "    privateKey: Self.ed25519CertKey",
            "  *out_shared_secret_len = SHA256_DIGEST_LENGTH;",
            "    /*private_key_bytes=*/BCM_SLHDSA_SHA2_128S_PRIVATE_KEY_BYTES,",
            "self = try .init(rawEncodedPrivateKey: sec1.privateKey.bytes)",
        ])
}
