import PDFDocument from "pdfkit";

export const handler = async (event: { Records: { body: string }[] }) => {
  for (const record of event.Records) {
    const doc = new PDFDocument();
    doc.text(record.body);
    doc.end();
  }
};
