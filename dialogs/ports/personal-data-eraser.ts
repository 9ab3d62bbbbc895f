/** Erases what the person's consent allowed us to keep (transcript text); never the safety audit trail. */
export interface PersonalDataEraser {
  erase(conversationId: string): Promise<{ transcriptEntries: number }>;
}
