pub mod edit_person;
pub mod merge_people;
pub mod move_face;
pub mod people_list;
pub mod person_details;
pub mod unassign_face;
