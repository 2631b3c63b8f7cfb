/** Name pools for the seeded directory: many cultures, with accents, apostrophes and hyphens on purpose. */
export const givenNames: readonly string[] = [
  "José", "Zoë", "Łukasz", "Søren", "Anaïs", "Björn", "François", "Chloé", "Renée", "Siobhán",
  "Seán", "Niamh", "Aoife", "Padraig", "Ciarán", "Dmitri", "Olga", "Jürgen", "Jörg", "Małgorzata",
  "Zofia", "Wojciech", "Agnieszka", "Håkon", "Åsa", "Ingrid", "Mette", "Øystein", "Ærin", "Kai",
  "Aiko", "Haruto", "Yuki", "Sakura", "Ren", "Wei", "Xiu", "Mei", "Jun", "Li",
  "Priya", "Arjun", "Ananya", "Rohan", "Deepika", "Vikram", "Aditya", "Saanvi", "Ishaan", "Kavya",
  "Mohammed", "Fatima", "Aisha", "Omar", "Layla", "Yusuf", "Zainab", "Karim", "Nour", "Hamza",
  "Chidi", "Ngozi", "Oluwaseun", "Amara", "Kwame", "Abena", "Tendai", "Thandiwe", "Sipho", "Zanele",
  "Mateo", "Sofía", "Valentina", "Santiago", "Camila", "Martín", "Lucía", "Joaquín", "Inés", "Andrés",
  "João", "Conceição", "Gonçalo", "Leonor", "Thiago", "Beatriz", "Raphaël", "Éloïse", "Noël", "Hélène",
  "Giulia", "Lorenzo", "Francesca", "Niccolò", "Chiara", "Matteo", "Anna-Lena", "Jean-Luc", "Marie-Claire", "Karl-Heinz",
  "Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Mia", "Lucas", "Harper", "Mason",
  "Isabella", "James", "Charlotte", "Benjamin", "Amelia", "Elijah", "Evelyn", "Henry", "Abigail", "Alexander",
  "Nguyễn", "Linh", "Minh", "Thảo", "Huy", "Tuấn", "Hye-jin", "Min-jun", "Seo-yeon", "Ji-ho",
  "Oğuz", "Elif", "Çağla", "Barış", "Şebnem", "Kerem", "Aleksandra", "Milica", "Dušan", "Jovana",
  "Eero", "Aino", "Päivi", "Jyrki", "Sigríður", "Þórunn", "Guðmundur", "Einar", "Astrid", "Leif",
  "Tamar", "Yael", "Noa", "Avi", "Dalia", "Nikos", "Eleni", "Giorgos", "Katerina", "Dimitra",
  "D'Arcy", "Jo", "Al", "Bo", "Ed", "Ty", "Rhiannon", "Dafydd", "Gwen", "Iolo",
];

export const surnames: readonly string[] = [
  "O'Brien", "D'Angelo", "O'Connor", "McDonald", "MacLeod", "O'Sullivan", "D'Souza", "N'Diaye", "Dell'Acqua", "O'Neill",
  "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Núñez",
  "Müller", "Schröder", "Schäfer", "Köhler", "Bäcker", "Weiß", "Groß", "Fröhlich", "Jäger", "Böhm",
  "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski",
  "Jørgensen", "Sørensen", "Ødegård", "Håland", "Ærø", "Lindqvist", "Åberg", "Nyström", "Björk", "Strömberg",
  "Smith-Jones", "Garcia-Lopez", "Lloyd-Webber", "Bonham-Carter", "Ahmed-Khan", "Van der Berg", "de la Cruz", "van Dijk", "von Trapp", "da Silva",
  "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Itō", "Yamamoto", "Nakamura", "Kobayashi", "Saitō", "Katō",
  "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
  "Patel", "Sharma", "Singh", "Kumar", "Gupta", "Iyer", "Reddy", "Nair", "Chatterjee", "Banerjee",
  "Al-Farsi", "Haddad", "Nasser", "El-Amin", "Khalil", "Mansour", "Abdullah", "Rahman", "Hussain", "Qureshi",
  "Okafor", "Adeyemi", "Mensah", "Nkosi", "Dlamini", "Mbeki", "Otieno", "Achieng", "Balogun", "Eze",
  "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Kim", "Lee", "Park", "Choi", "Jung",
  "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Petrović", "Jovanović", "Nikolić", "Đorđević",
  "Virtanen", "Mäkinen", "Korhonen", "Hämäläinen", "Jónsdóttir", "Guðmundsson", "Papadopoulos", "Georgiou", "Cohen", "Levi",
  "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas",
  "Moore", "Jackson", "White", "Harris", "Martin", "Thompson", "Clark", "Lewis", "Walker", "Hall",
  "Bowen", "Vance", "Gu", "Wilber", "Rivera", "Ng", "O", "Fox", "Ray", "Lake",
];

export const departments: readonly { name: string; titles: readonly string[] }[] = [
  { name: "Sales", titles: ["Account Executive", "Sales Manager", "Inside Sales Representative", "Sales Engineer"] },
  { name: "Marketing", titles: ["Marketing Specialist", "Content Strategist", "Brand Manager", "SEO Analyst"] },
  { name: "Finance", titles: ["Accountant", "Financial Analyst", "Controller", "Payroll Specialist"] },
  { name: "Human Resources", titles: ["HR Generalist", "Recruiter", "HR Business Partner", "Benefits Coordinator"] },
  { name: "IT", titles: ["Systems Administrator", "Service Desk Analyst", "Network Engineer", "IT Manager"] },
  { name: "Engineering", titles: ["Software Engineer", "Senior Software Engineer", "QA Engineer", "Engineering Manager"] },
  { name: "Operations", titles: ["Operations Coordinator", "Logistics Planner", "Facilities Manager", "Buyer"] },
  { name: "Legal", titles: ["Counsel", "Paralegal", "Compliance Officer", "Contract Manager"] },
  { name: "Customer Success", titles: ["Customer Success Manager", "Support Engineer", "Onboarding Specialist", "Support Lead"] },
  { name: "R&D", titles: ["Research Scientist", "Lab Technician", "Product Designer", "Data Scientist"] },
];

export const officeLocations: readonly string[] = [
  "Seattle 18/2103", "Redmond 1/1024", "London 2/301", "München 4/12", "Kraków 3/7", "København 1/5",
  "São Paulo 12/1201", "Tōkyō 22/5", "Bengaluru 5/503", "Nairobi 2/14", "Dublin 1/110", "Montréal 7/702",
];

export const usageLocations: readonly string[] = ["US", "GB", "DE", "PL", "DK", "BR", "JP", "IN", "KE", "IE", "CA", "FR"];

export const partnerDomains: readonly string[] = [
  "fabrikam.com", "adatum.com", "northwindtraders.com", "tailspintoys.com", "wingtiptoys.com", "litware.com",
  "gmail.com", "outlook.com", "proseware.com", "woodgrovebank.com",
];

export const groupNames: readonly string[] = [
  "IT Helpdesk", "Sales Team", "Finance Team", "All Company", "Engineering Leads", "Onboarding Buddies",
  "Marketing Crew", "Legal & Compliance", "R&D Labs", "Customer Success Squad",
];
