CREATE TABLE "auth_sign_in_failures" (
	"username" text NOT NULL,
	"client" text NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" double precision NOT NULL,
	CONSTRAINT "auth_sign_in_failures_username_client_pk" PRIMARY KEY("username","client")
);
