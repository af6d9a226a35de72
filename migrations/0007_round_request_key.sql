ALTER TABLE "quiz_rounds" ADD COLUMN "request_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "quiz_rounds_request_key" ON "quiz_rounds" USING btree ("request_key");