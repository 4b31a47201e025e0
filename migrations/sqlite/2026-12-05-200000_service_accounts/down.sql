DROP TABLE service_account_tokens;
DROP TABLE service_accounts;
