CREATE TABLE "slack_update_budget" (
	"workspace" text PRIMARY KEY NOT NULL,
	"tat" timestamp with time zone NOT NULL
);
