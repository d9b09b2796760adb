// Shared test identities: emulator credentials, jobs, and the environment that points dist/index.js at the emulator.
// The secrets are shaped as real ones (test/fixtures/real-secrets.mjs): TEMPORARY's session token starts with the
// prefix every STS token shares, so the tokens STS hands out share a long run with it, as on a real runner. The key
// ids stay fixed, readable names: the golden report and many messages show them.
import { secretAccessKey, stsSessionToken } from '../fixtures/real-secrets.mjs';

export const LONG_TERM = {
  accessKeyId: 'AKIAEMULATOR00000001',
  secretAccessKey: secretAccessKey('emulator-long-term'),
};
export const TEMPORARY = {
  accessKeyId: 'ASIAEMULATOR00000002',
  secretAccessKey: secretAccessKey('emulator-temporary'),
  sessionToken: stsSessionToken('emulator-temporary'),
};
export const AWS_JOB = 'job-0123456789abc';
export const SANDBOX_JOB = 'job-sandbox000001';

export const defaultEmulatorOptions = () => ({
  credentials: [LONG_TERM, TEMPORARY],
  jobs: { AWS: [AWS_JOB], Sandbox: [SANDBOX_JOB] },
});

/** A clean environment for the bundle: no real AWS config, no instance metadata, only what the test gives. */
export function baseEnv(extra = {}) {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT'];
  const env = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_CONFIG_FILE: '/nonexistent/config',
    ...extra,
  };
}

/**
 * Partner data as a snapshot carries it (customer, contacts, project). The marker strings must never show in a
 * log, an output or the summary: tests search for them.
 */
export const PARTNER_DATA_MARKERS = {
  customer: 'Quillfeather Orchard Robotics GmbH',
  email: 'liesel.quillfeather@orchard-robotics.example',
  useCase: 'Migrate the Quillfeather harvest-planning platform to EKS',
};

/** A realistic GetResourceSnapshot Payload (OpportunitySummary) for one revision of an opportunity. */
export function opportunityPayload(revision = 1) {
  return {
    OpportunitySummary: {
      OpportunityType: 'Net New Business',
      Lifecycle: {
        TargetCloseDate: '2027-03-31',
        ReviewStatus: 'Approved',
        Stage: revision > 1 ? 'Technical Validation' : 'Qualified',
        NextSteps: `Revision ${revision}: architecture review with ${PARTNER_DATA_MARKERS.customer}`,
      },
      OpportunityTeam: [
        {
          Email: 'sam.rivera@partner.example',
          FirstName: 'Sam',
          LastName: 'Rivera',
          BusinessTitle: 'Partner Sales Lead',
        },
      ],
      PrimaryNeedsFromAws: ['Co-Sell - Technical Consultation'],
      Customer: {
        Account: {
          Industry: 'Agriculture',
          CompanyName: PARTNER_DATA_MARKERS.customer,
          WebsiteUrl: 'https://orchard-robotics.example',
          Address: { City: 'Freiburg', PostalCode: '79098', CountryCode: 'DE' },
        },
        Contacts: [
          {
            Email: PARTNER_DATA_MARKERS.email,
            FirstName: 'Liesel',
            LastName: 'Quillfeather',
            BusinessTitle: 'CTO',
            Phone: '+49761555012',
          },
        ],
      },
      Project: {
        DeliveryModels: ['SaaS or PaaS'],
        ExpectedCustomerSpend: [
          {
            Amount: '18500',
            CurrencyCode: 'EUR',
            Frequency: 'Monthly',
            TargetCompany: 'AWS',
          },
        ],
        CustomerUseCase: PARTNER_DATA_MARKERS.useCase,
        SalesActivities: ['Conducted POC / Demo'],
      },
    },
  };
}
